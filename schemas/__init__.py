"""The one definition of every record claimtrail stores (see `records`), and its derived forms."""
