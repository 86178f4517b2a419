"""Incidents, their customers and the moments the customer went through."""
