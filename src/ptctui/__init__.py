"""ptctui: track WCO packages, action plans and actions from the terminal."""
