/**
 * The lengths of a year and a month, one for the whole tool: a duration written in months (`deadline: 2 months`, `term: 6
 * months`), a rate per month (`--price 1800/month`), the given price's "a monthly one by 730 hours" and the owned
 * cluster's pay-back months all read these. A year is 365 days, 8,760 h: the rate cards' 1- and 3-year terms. A month is a
 * twelfth of it, 730 h (30.42 days), the month cloud billing turns hourly rates into monthly ones by ("Azure uses 730
 * hours/month as the standard billing period (365 days × 24 hours / 12 months)": the azure-pricing cost-estimator
 * reference in github/awesome-copilot, plugins/azure-cloud-development/skills/azure-pricing/references/COST-ESTIMATOR.md,
 * read 2026-12-02), and the one pricing/term.ts billed by. It was 30 days (720 h) in the expression vocabulary and 730 h in
 * pricing, so `--price 1800/month` was told "write 2.5" and `--price 1800` warned "a monthly one by 730
 * hours ($2.466)" (review35b).
 */
export const HOURS_PER_YEAR = 8760;
export const HOURS_PER_MONTH = HOURS_PER_YEAR / 12;
