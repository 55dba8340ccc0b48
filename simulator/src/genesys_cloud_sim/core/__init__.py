"""What every API area shares: state, auth, errors, paging, rate limits, faults, traffic log, permissions."""
