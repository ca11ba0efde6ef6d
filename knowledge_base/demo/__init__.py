"""The demo client, Ledgerly Ltd: documents (`documents/`) and campaign data (`campaigns.py`)."""
