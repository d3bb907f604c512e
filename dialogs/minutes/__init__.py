"""Minutes of meetings (per agenda case, with decisions taken in the meeting) and the follow-up
items they assign."""
