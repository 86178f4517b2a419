"""The follow-ups step, its dialogs and the calendar export."""
