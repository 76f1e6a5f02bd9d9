"""The impute_cohort pipeline."""
