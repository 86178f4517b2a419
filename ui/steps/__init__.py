"""The pages of the incident workspace, one per step of the flow in PRODUCT.md."""
