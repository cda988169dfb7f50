# Hours in a delaftale are estimated boligsocial staff time per week (over a year), as the source states them.
HOURS_DECIMAL_PLACES = 1
