"""Texts and formats: the message catalogue, numbers, dates and lists in Danish and English."""
