// Times of day in the event's time zone and the page's language ("14:05").
const root = document.getElementById("console");

export const timeOfDay = new Intl.DateTimeFormat(root.dataset.language, {
  timeZone: root.dataset.timezone, hour: "2-digit", minute: "2-digit",
});
