# Years an allocation can be made for; wide enough for history and long programmes.
FIRST_YEAR = 2000
LAST_YEAR = 2100
