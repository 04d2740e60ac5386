"""Reads of cases with their joins in them; who may see what is cases.policy."""
