"""Module 6 «Продвижение и оценка результатов»: campaigns, funnel, A/B tests, NPS and KPIs."""
