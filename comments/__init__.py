"""Reader comments: the form, its protections and the moderation that follows."""
