// What the page has learnt to call teams and volunteers (from the unit board and "who is coming"), so the feed and the
// cards say 东城水上救援队 rather than an id. A name the page has not seen yet shows as the id until it has.
const teams = new Map();
const volunteers = new Map();

export const names = {
  team: id => teams.get(id),
  volunteer: id => volunteers.get(id),
  /** @returns whether a name was new. */
  teams(list) {
    let learnt = false;
    for (const unit of list) if (teams.get(unit.id) !== unit.name) { teams.set(unit.id, unit.name); learnt = true; }
    return learnt;
  },
  /** From a responders answer: team names, and members' names as this caller may see them (masked or not). */
  learn(view) {
    for (const r of view.requirements) for (const team of r.teams) {
      teams.set(team.team, team.name);
      for (const m of team.members) if (m.name) volunteers.set(m.volunteer, m.name);
    }
  },
};
