// Deterministic district data for the dashboard simulator: divisions, areas and clubs per district,
// numbers that move with the date, and the four exports as CSV with the dashboard's headers and its
// "Month of ..., As of M/D/YYYY" footer. Same district and date -> the same bytes, every run.
import { hash, seededRandom } from "../seeded-random.mjs";
import { applyVariant } from "./variants.mjs";

export { hash };

export const HEADERS = {
  districtsummary: [
    "REGION",
    "DISTRICT",
    "Paid Club Base",
    "Paid Clubs",
    "% Club Growth",
    "Payment Base",
    "Total YTD Payments",
    "% Payment Growth",
    "Active Clubs",
    "Total Distinguished Clubs",
    "Select Distinguished Clubs",
    "Presidents Distinguished Clubs",
  ],
  districtperformance: [
    "District",
    "Division",
    "Area",
    "Club",
    "Club Name",
    "New Members",
    "Late Ren.",
    "Oct. Ren.",
    "Apr. Ren.",
    "Total Ren.",
    "Total to Date",
    "Charter Date/Suspend Date",
    "Distinguished Status",
  ],
  divisionperformance: [
    "District",
    "Division",
    "Area",
    "Club",
    "Club Name",
    "Division Club Base",
    "Area Club Base",
    "Nov Visit award",
    "May visit award",
    "Club Distinguished Status",
  ],
  clubperformance: [
    "District",
    "Division",
    "Area",
    "Club Number",
    "Club Name",
    "Club Status",
    "Mem. Base",
    "Active Members",
    "Goals Met",
    "Level 1s",
    "Level 2s",
    "Add. Level 2s",
    "Level 3s",
    "Level 4s, Level 5s, or DTM award",
    "Add. Level 4s, Level 5s, or DTM award",
    "New Members",
    "Add. New Members",
    "Off. Trained Round 1",
    "Off. Trained Round 2",
    "Mem. dues on time Oct",
    "Mem. dues on time Apr",
    "Off. List On Time",
    "Club Distinguished Status",
  ],
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WORDS = ["Sunrise", "Harbour", "Capital", "Riverside", "Summit", "Lakeside", "Pioneer", "Evening", "Metro", "Oak", "Maple", "Golden"];
const SUFFIX = ["Speakers", "Toastmasters", "Orators", "Communicators", "Leaders"];

/** The district's structure: 2-4 divisions, 2-3 areas each, 3-5 clubs per area (stable per district). */
export function structure(district) {
  const r = seededRandom(`structure-${district}`);
  const clubs = [];
  const divisions = 2 + Math.floor(r() * 3);
  let n = 0;
  for (let d = 0; d < divisions; d += 1) {
    const division = String.fromCharCode(65 + d);
    const areas = 2 + Math.floor(r() * 2);
    for (let a = 0; a < areas; a += 1) {
      const area = String(d * 10 + a + 1).padStart(2, "0");
      const count = 3 + Math.floor(r() * 3);
      for (let c = 0; c < count; c += 1) {
        n += 1;
        const word = WORDS[Math.floor(r() * WORDS.length)];
        const suffix = SUFFIX[Math.floor(r() * SUFFIX.length)];
        // Some names need quoting: a comma, or quotes inside.
        const name = n % 7 === 0 ? `${word} ${suffix}, Downtown` : n % 11 === 0 ? `The "${word}" ${suffix}` : `${word} ${suffix} ${n}`;
        clubs.push({
          division,
          area,
          number: String((hash(district) % 900) * 10_000 + n).padStart(8, "0"),
          name,
          base: 12 + Math.floor(r() * 18),
          growth: r() * 0.04 - 0.01,
        });
      }
    }
  }
  return clubs;
}

/** Days since the program year began (July 1) for an ISO date. */
function dayOfYear(iso) {
  const [y, m] = iso.split("-").map(Number);
  const start = Date.UTC(m >= 7 ? y : y - 1, 6, 1);
  return Math.max(0, Math.round((Date.parse(`${iso}T00:00:00Z`) - start) / 86_400_000));
}

/** One club's numbers for a data date; `extra` moves them a little per collection day (closing). */
function clubState(district, club, dataDate, extra) {
  const day = dayOfYear(dataDate);
  const r = seededRandom(`${district}-${club.number}-${dataDate}-${extra}`);
  const members = Math.max(3, Math.round(club.base + club.growth * day * 2 + extra));
  const goals = Math.min(10, Math.floor((day / 365) * 10 * (0.5 + r())));
  const level = members >= 20 && goals >= 9 ? "P" : members >= 20 && goals >= 7 ? "S" : members >= 20 && goals >= 5 ? "D" : "";
  const status = members < 8 ? "Suspended" : members < 12 ? "Low" : "Active";
  const l1 = Math.floor(goals * 1.5);
  return { members, goals, level, status, l1, newMembers: Math.max(0, members - club.base) + Math.floor(r() * 3), day };
}

export function mdy(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return `${m}/${d}/${y}`;
}

export function footer(dataMonth, asOf) {
  return `Month of ${MONTHS[dataMonth - 1]}, As of ${mdy(asOf)}`;
}

const cell = (v) => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const line = (cells) => cells.map(cell).join(",");

/** The rows of one export (no header, no footer) for a data date. */
export function rows(report, district, dataDate, extra) {
  if (report === "districtsummary") throw new Error("use summaryRows");
  return structure(district).map((club) => {
    const s = clubState(district, club, dataDate, extra);
    const base = [district, club.division, club.area, club.number, club.name];
    if (report === "clubperformance") {
      return [
        ...base,
        s.status,
        club.base,
        s.members,
        s.goals,
        s.l1,
        Math.floor(s.l1 / 2),
        Math.floor(s.l1 / 4),
        Math.floor(s.goals / 3),
        Math.floor(s.goals / 5),
        0,
        s.newMembers,
        Math.floor(s.newMembers / 4),
        s.day > 90 ? 4 : 2,
        s.day > 200 ? 3 : 0,
        s.day > 120 ? 1 : 0,
        s.day > 300 ? 1 : 0,
        1,
        s.level,
      ];
    }
    if (report === "districtperformance") {
      return [
        district,
        club.division,
        club.area,
        club.number,
        club.name,
        s.newMembers,
        0,
        Math.floor(club.base * 0.7),
        s.day > 280 ? Math.floor(club.base * 0.6) : 0,
        Math.floor(club.base * 0.7),
        s.members,
        "",
        s.level,
      ];
    }
    const clubsInDivision = structure(district).filter((c) => c.division === club.division).length;
    const clubsInArea = structure(district).filter((c) => c.area === club.area).length;
    return [district, club.division, club.area, club.number, club.name, clubsInDivision, clubsInArea, s.day > 140 ? 1 : 0, s.day > 320 ? 1 : 0, s.level];
  });
}

export function summaryRows(districts, dataDate, extra) {
  return districts.map((district, i) => {
    const clubs = structure(district).map((club) => ({ club, s: clubState(district, club, dataDate, extra) }));
    const paid = clubs.filter((c) => c.s.status !== "Suspended").length;
    const payments = clubs.reduce((n, c) => n + c.s.members, 0);
    const paymentBase = clubs.reduce((n, c) => n + c.club.base, 0);
    const count = (level) => clubs.filter((c) => c.s.level === level).length;
    const growth = (a, b) => `${(((a - b) / b) * 100).toFixed(2)}%`;
    return [
      String(1 + (i % 14)).padStart(2, "0"),
      district,
      clubs.length,
      paid,
      growth(paid, clubs.length),
      paymentBase,
      payments,
      growth(payments, paymentBase),
      paid,
      count("D") + count("S") + count("P"),
      count("S"),
      count("P"),
    ];
  });
}

/** A whole export in a program year's header variant: BOM, header, rows, footer, trailing blank line (CRLF, as the site sends). */
export function csv(report, dataRows, foot, variant = "current", dropColumns = []) {
  const published = applyVariant(variant, report, HEADERS[report], dataRows, dropColumns);
  return `\uFEFF${[line(published.header), ...published.rows.map(line), foot, ""].join("\r\n")}`;
}

export function headerOnly(report, variant = "current") {
  return `${line(applyVariant(variant, report, HEADERS[report], []).header)}\r\n`;
}
