"""Choices that are code for meetings. (The kinds of bilag are registered by the apps: core.registry.)"""
