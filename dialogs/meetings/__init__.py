"""Meeting planning: finding times when the people of a network can meet."""
