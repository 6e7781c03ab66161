// The ParaView surface of a 2-D slice as Li et al.'s h52vtp.py writes it: VTK XML
// PolyData, one point (x, y, z = loss) per grid point, one quad per grid cell with the
// cell's average z, ASCII arrays. Their script assumes a square grid (√points per
// side); here a row is a β and a column an α, so any rows × cols grid is meshed right.
// log: z = ln(z + 0.1), their --log. Extra point arrays carry accuracy and ‖∇L‖.

export interface VtpSurface {
  x: Float64Array;
  y: Float64Array;
  /** z per point, row-major [len(y)][len(x)]. */
  z: Float64Array;
  /** Further point arrays (same layout), e.g. accuracy. */
  extra: ReadonlyArray<{ name: string; data: Float64Array }>;
  log: boolean;
}

const fmt = (v: number): string => (Number.isNaN(v) ? "nan" : String(v));

function* rowsOf(values: ArrayLike<string>, perLine: number): Generator<string> {
  for (let i = 0; i < values.length; i += perLine) yield `          ${Array.prototype.slice.call(values, i, i + perLine).join(" ")}\n`;
}

function range(v: ArrayLike<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < v.length; i++) {
    if (v[i] < lo) lo = v[i];
    if (v[i] > hi) hi = v[i];
  }
  return [lo, hi];
}

function* dataArray(type: string, name: string, components: number, values: ArrayLike<number>, perLine: number, r: [number, number] = range(values)): Generator<string> {
  yield `        <DataArray type="${type}" Name="${name}" NumberOfComponents="${components}" format="ascii" RangeMin="${fmt(r[0])}" RangeMax="${fmt(r[1])}">\n`;
  yield* rowsOf(Array.from(values, fmt), perLine);
  yield "        </DataArray>\n";
}

function* emptyCells(tag: string, n: number): Generator<string> {
  yield `      <${tag}>\n`;
  yield `        <DataArray type="Int64" Name="connectivity" format="ascii" RangeMin="0" RangeMax="${Math.max(0, n - 1)}">\n        </DataArray>\n`;
  yield `        <DataArray type="Int64" Name="offsets" format="ascii" RangeMin="1" RangeMax="${n}">\n        </DataArray>\n`;
  yield `      </${tag}>\n`;
}

/** The .vtp file's text in chunks. */
export function* vtpSurfaceChunks(s: VtpSurface): Generator<string> {
  const cols = s.x.length, rows = s.y.length, points = rows * cols;
  const z = s.log ? s.z.map((v) => Math.log(v + 0.1)) : s.z;
  const polys = (rows - 1) * (cols - 1);
  const avg = new Float64Array(polys);
  const conn: number[] = [];
  for (let i = 0, c = 0; i < rows - 1; i++) {
    for (let j = 0; j < cols - 1; j++, c++) {
      const p = i * cols + j;
      avg[c] = (z[p] + z[p + 1] + z[p + cols] + z[p + cols + 1]) / 4;
      conn.push(p, p + 1, p + cols + 1, p + cols);
    }
  }
  const xyz = new Float64Array(3 * points);
  for (let p = 0; p < points; p++) {
    xyz[3 * p] = s.x[p % cols];
    xyz[3 * p + 1] = s.y[Math.floor(p / cols)];
    xyz[3 * p + 2] = z[p];
  }
  const [x0, x1] = range(s.x), [y0, y1] = range(s.y), [z0, z1] = range(z);
  yield '<VTKFile type="PolyData" version="1.0" byte_order="LittleEndian" header_type="UInt64">\n';
  yield "  <PolyData>\n";
  yield `    <Piece NumberOfPoints="${points}" NumberOfVerts="0" NumberOfLines="0" NumberOfStrips="0" NumberOfPolys="${polys}">\n`;
  yield "      <PointData>\n";
  yield* dataArray("Float32", "zvalue", 1, z, 6);
  for (const e of s.extra) yield* dataArray("Float32", e.name, 1, e.data, 6);
  yield "      </PointData>\n";
  yield "      <CellData>\n";
  yield* dataArray("Float32", "averaged zvalue", 1, avg, 6);
  yield "      </CellData>\n";
  yield "      <Points>\n";
  yield* dataArray("Float32", "Points", 3, xyz, 6, [Math.min(x0, y0, z0), Math.max(x1, y1, z1)]);
  yield "      </Points>\n";
  yield* emptyCells("Verts", points);
  yield* emptyCells("Lines", polys);
  yield* emptyCells("Strips", polys);
  yield "      <Polys>\n";
  yield* dataArray("Int64", "connectivity", 1, conn, 8, [0, points - 1]);
  yield* dataArray("Int64", "offsets", 1, Array.from({ length: polys }, (_, c) => 4 * (c + 1)), 6, [4, 4 * polys]);
  yield "      </Polys>\n";
  yield "    </Piece>\n";
  yield "  </PolyData>\n";
  yield "</VTKFile>\n";
}
