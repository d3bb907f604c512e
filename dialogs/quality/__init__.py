"""Quality and competence networks: agreements, budget frame, milestones, term, evaluation."""
