from django.db import models


class NaturalNameQuerySet(models.QuerySet):
    """For models whose unique `name` is their natural key in fixtures."""

    def get_by_natural_key(self, name):
        return self.get(name=name)
