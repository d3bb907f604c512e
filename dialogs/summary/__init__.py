"""The RHF adviser's summary across networks, weekly digests and related cases."""
