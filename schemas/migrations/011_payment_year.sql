-- 011_payment_year: each payment is charged to a budget year of its contract's allocations,
-- not to the year it was paid in: a 2014 contract paid in February 2015 spends 2014's money.
-- A reversal is charged to the year of the payment it undoes.
ALTER TABLE payment ADD COLUMN budget_year INTEGER;

-- Existing payments, by the rule new ones follow: the allocation of the payment's own year
-- where the contract has one; else the earliest allocation with money left, the payments
-- taking what is left in the order they were paid; else (no allocation left) the last one.
UPDATE payment SET budget_year = CAST(substr(date, 1, 4) AS INTEGER)
WHERE reverses IS NULL AND EXISTS (SELECT 1 FROM contract_year y WHERE y.contract_id = payment.contract_id
                                   AND y.year = CAST(substr(payment.date, 1, 4) AS INTEGER));

CREATE TEMP TABLE year_left AS
SELECT y.contract_id, y.year,
       sum(max(y.amount - coalesce((SELECT sum(p.amount) FROM payment p WHERE p.contract_id = y.contract_id
                                    AND p.budget_year = y.year), 0), 0))
         OVER (PARTITION BY y.contract_id ORDER BY y.year) AS upto
FROM contract_year y;

CREATE TEMP TABLE rest AS
SELECT p.id, p.contract_id,
       coalesce(sum(p.amount) OVER (PARTITION BY p.contract_id ORDER BY p.date, p.id
                                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
FROM payment p WHERE p.budget_year IS NULL AND p.reverses IS NULL;

UPDATE payment SET budget_year = coalesce(
    (SELECT min(l.year) FROM year_left l JOIN rest r ON r.contract_id = l.contract_id
     WHERE r.id = payment.id AND l.upto > r.before),
    (SELECT max(y.year) FROM contract_year y WHERE y.contract_id = payment.contract_id),
    CAST(substr(date, 1, 4) AS INTEGER))
WHERE budget_year IS NULL AND reverses IS NULL;

UPDATE payment SET budget_year = (SELECT p.budget_year FROM payment p WHERE p.id = payment.reverses)
WHERE reverses IS NOT NULL;

DROP TABLE temp.rest;
DROP TABLE temp.year_left;

CREATE INDEX payment_budget_year ON payment (budget_year, contract_id);
