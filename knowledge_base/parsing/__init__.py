"""Turn files into titled sections; chunking and storage happen elsewhere."""
