"""Writers that turn a ScanResult into text for people, JSON for scripts, SARIF for tools."""
