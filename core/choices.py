"""Choices that are code, shared by every app."""

from django.db import models


class MoneyState(models.TextChoices):
    """What a sum of money is. Money in different states is never added up without a label that says
    what the sum is (ADR 0013): a proposal is not a grant, and an allocation from a pool is not income."""

    GRANTED = "bevilget", "Bevilget"  # given by an outside source (Byrådet, a foundation)
    ADOPTED = "vedtaget", "Vedtaget"  # a budget proposal adopted in the budget negotiations
    PROPOSED = "foreslaaet", "Foreslået"  # a budget proposal not decided yet
    ALLOCATED = "disponeret", "Disponeret"  # set aside for a project from a pool
