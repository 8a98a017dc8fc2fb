"""High-contrast themes for projection: dark and light."""

from __future__ import annotations

from textual.theme import Theme

DARK = Theme(
    name="cardgame-dark",
    primary="#FFD75F",
    secondary="#87D7FF",
    accent="#FFAF5F",
    foreground="#FFFFFF",
    background="#000000",
    surface="#0A0A0A",
    panel="#1C1C1C",
    success="#87FF87",
    warning="#FFD75F",
    error="#FF8787",
    dark=True,
    variables={
        "footer-key-foreground": "#FFD75F",
        "block-cursor-background": "#FFD75F",
        "block-cursor-foreground": "#000000",
        "input-selection-background": "#FFD75F 40%",
    },
)

LIGHT = Theme(
    name="cardgame-light",
    primary="#00307A",
    secondary="#005F00",
    accent="#8A2B00",
    foreground="#000000",
    background="#FFFFFF",
    surface="#FFFFFF",
    panel="#E4E4E4",
    success="#005F00",
    warning="#7A4B00",
    error="#A00000",
    dark=False,
    variables={
        "footer-key-foreground": "#00307A",
        "block-cursor-background": "#00307A",
        "block-cursor-foreground": "#FFFFFF",
        "input-selection-background": "#00307A 30%",
    },
)

THEMES = (DARK, LIGHT)
