"""The partner comms kit: a licensed pack plus social crops, post texts and posters
(see ``docs/kits.md``). ``plan.plan_kit`` decides, ``build.write_kit`` writes."""
