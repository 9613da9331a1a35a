"""Answer checks, one module per exercise. Every expected answer is computed from the data the
notebook loads, so a trainer's own data file works as well as the course's."""
