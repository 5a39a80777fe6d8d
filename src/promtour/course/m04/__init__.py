"""Module 4 «Экономика экскурсионного продукта»: costs, price tiers, break-even, price tests."""
