"""The command line, above the flows: `claimtrail run|serve|eval` and the analyst's
`top|show|sql|dictionary|check`. It parses options (defined once, options.py), starts the flow or
reads the warehouse, and prints; nothing below it imports it."""
