"""Marketplace: the product catalog (products named by the category translation table)
and the sellers who offer them, with the stock levels sellers report."""
