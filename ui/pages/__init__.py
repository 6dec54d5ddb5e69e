"""One page per step of the seed procedure."""
