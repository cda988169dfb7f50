# Hours in a delaftale are estimated boligsocial staff time per week (over a year), as the source states them.
HOURS_DECIMAL_PLACES = 1

# The status scale a delaftale's activities are assessed on (fixtures/aktivitetsstatus.json).
ACTIVITY_SCALE = "aktivitetsstatus"
