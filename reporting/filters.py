"""The round page filters its reports by state with a plain `?tilstand=` (reporting.views.RoundDetailView);
there is no list page with a filter set yet."""
