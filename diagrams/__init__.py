"""Figures drawn from lstm_ref specs, imported as `lstm_diagrams`."""
