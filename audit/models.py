# The audit page stores nothing of its own: it reads django-simple-history's rows and
# statuses.StatusChange (see services.py).
