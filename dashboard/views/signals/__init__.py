"""Signal or noise: process-behaviour charts of the monthly police.uk series."""
