# Nothing to register: the audit page has no models. Administrators reach it from the main menu
# (next to "Administration") at /revision/.
