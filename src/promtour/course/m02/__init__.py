"""Module 2 «Аудитории и спрос»: visitor segments, seasonality, lead time, demand potential."""
