"""Choices that are code, not data, for projects. (None yet: pools and status scales are data.)"""
