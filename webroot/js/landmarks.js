// Draws the landmarks answer over the photo: every face's box, its 468 points, and its named groups
// (eyes, brows, nose, mouth, silhouette) as outlines. The canvas has the photo's own pixel size and
// is scaled with it by CSS, so the points land where the server measured them.

const GROUP_COLOURS = {
  rightEye: '#22d3ee', leftEye: '#22d3ee', rightEyebrow: '#a78bfa', leftEyebrow: '#a78bfa',
  nose: '#fbbf24', mouth: '#f472b6', silhouette: '#4ade80',
};

/** Returns how many points it drew (also kept in the canvas's data-points for tests and tools). */
export function drawLandmarks(canvas, answer) {
  canvas.width = answer.width;
  canvas.height = answer.height;
  const g = canvas.getContext('2d');
  g.clearRect(0, 0, canvas.width, canvas.height);
  const unit = Math.max(1, Math.round(Math.max(answer.width, answer.height) / 400));
  let drawn = 0;
  for (const face of answer.faces) {
    const [x, y, w, h] = face.box;
    g.lineWidth = 2 * unit;
    g.strokeStyle = '#f97316';
    g.strokeRect(x, y, w, h);
    for (const [name, points] of Object.entries(face.groups || {})) {
      g.strokeStyle = GROUP_COLOURS[name] || '#ffffff';
      g.lineWidth = unit;
      g.beginPath();
      points.forEach(([px, py], i) => (i ? g.lineTo(px, py) : g.moveTo(px, py)));
      g.stroke();
    }
    g.fillStyle = '#ffffff';
    for (const [px, py] of face.points) {
      g.fillRect(px - unit / 2, py - unit / 2, unit, unit);
      drawn += 1;
    }
  }
  canvas.dataset.points = String(drawn);
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', answer.faces.length
    ? `Face landmarks: ${answer.faces.length} face(s), ${drawn} points` : 'No face found');
  return drawn;
}
