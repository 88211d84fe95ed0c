"""The Django admin is for the agency's admin only; day-to-day work happens in the app's pages."""
