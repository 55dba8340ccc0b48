"""Recording API area: media retention policies, standard and cross-platform."""
