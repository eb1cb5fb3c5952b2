"""The one WebVTT detail both caption and thumbnail tracks share."""


def timestamp(seconds: float) -> str:
    """01:02:03.456: WebVTT always wants hours, and exactly three decimals."""
    millis = int(round(seconds * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"
