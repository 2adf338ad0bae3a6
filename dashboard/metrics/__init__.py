"""Pure statistics: rates, ranks and quartiles. No Dash, no database."""
