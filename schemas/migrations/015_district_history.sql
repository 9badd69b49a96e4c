-- The district as it changes after db init (issue 23). A street renamed, or merged into another,
-- from a day keeps its row, with its communities and population as they were: `until` is the
-- first day it no longer stands under its name, `successor_id` the street that carries on from
-- then; `since` is the first day of a street made by a rename or a merger (NULL: before the
-- registry began). Reports for a day before a rename show the old name.
ALTER TABLE street ADD COLUMN since TEXT;
ALTER TABLE street ADD COLUMN until TEXT;
ALTER TABLE street ADD COLUMN successor_id INTEGER REFERENCES street(id);
