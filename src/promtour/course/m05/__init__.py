"""Module 5 «Тематические маршруты»: multi-site day routes, time windows, travel times and costing."""
