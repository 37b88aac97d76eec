"""Exhibitions: ordered sets with tours, print sizes, validation."""
