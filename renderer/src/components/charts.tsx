import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { trainingLoss, type LossPoint } from '../stores/jobs';

const axis = { fill: 'var(--ink-soft)', fontSize: 12 };
const tooltipStyle = {
  contentStyle: {
    background: 'var(--bg-raised)',
    border: '1px solid var(--line)',
    borderRadius: 6,
    color: 'var(--ink)',
  },
  labelStyle: { color: 'var(--ink)' },
  itemStyle: { color: 'var(--ink)' },
  cursor: { fill: 'var(--bg-sunken)' },
};

interface BarsProps {
  data: object[];
  x: string;
  y: string;
  name: string;
  color?: string;
  label: string;
  horizontal?: boolean;
  height?: number;
  /** The value axis runs from 0 to this (a rating's 5), not to the largest value. */
  max?: number;
  /** A second series beside the first, with a legend naming both. */
  beside?: { y: string; name: string; color: string };
  /** Appended to the value axis's ticks ("%"). */
  unit?: string;
}

/** A bar chart with the app's colours; the label names it for screen readers. */
export function Bars({
  data,
  x,
  y,
  name,
  color = 'var(--chart-1)',
  label,
  horizontal,
  height = 240,
  max,
  beside,
  unit,
}: BarsProps) {
  const legend = beside && (
    <Legend
      wrapperStyle={{ fontSize: 12, color: 'var(--ink-soft)' }}
      itemSorter={(item) => (item.dataKey === y ? 0 : 1)}
    />
  );
  const domain = max === undefined ? undefined : ([0, max] as [number, number]);
  const ticks = max === undefined ? undefined : Array.from({ length: max + 1 }, (_, i) => i);
  return (
    <div className="chart-box" role="img" aria-label={label} style={{ height }}>
      <ResponsiveContainer
        width="100%"
        height="100%"
        initialDimension={{ width: 520, height: 240 }}
      >
        {horizontal ? (
          <BarChart
            data={data}
            layout="vertical"
            margin={{ left: 20, right: 16, top: 4, bottom: 4 }}
          >
            <CartesianGrid horizontal={false} stroke="var(--line)" />
            <XAxis
              type="number"
              allowDecimals={false}
              domain={domain}
              ticks={ticks}
              tick={axis}
              stroke="var(--line)"
            />
            <YAxis type="category" dataKey={x} width={90} tick={axis} stroke="var(--line)" />
            <Tooltip {...tooltipStyle} />
            {legend}
            <Bar
              dataKey={y}
              name={name}
              fill={color}
              radius={[0, 4, 4, 0]}
              isAnimationActive={false}
            />
            {beside && (
              <Bar
                dataKey={beside.y}
                name={beside.name}
                fill={beside.color}
                radius={[0, 4, 4, 0]}
                isAnimationActive={false}
              />
            )}
          </BarChart>
        ) : (
          <BarChart data={data} margin={{ left: 0, right: 8, top: 8, bottom: 4 }}>
            <CartesianGrid vertical={false} stroke="var(--line)" />
            <XAxis dataKey={x} tick={axis} stroke="var(--line)" />
            <YAxis allowDecimals={false} tick={axis} stroke="var(--line)" width={40} unit={unit} />
            <Tooltip {...tooltipStyle} />
            {legend}
            <Bar
              dataKey={y}
              name={name}
              fill={color}
              unit={unit}
              radius={[4, 4, 0, 0]}
              isAnimationActive={false}
            />
            {beside && (
              <Bar
                dataKey={beside.y}
                name={beside.name}
                fill={beside.color}
                unit={unit}
                radius={[4, 4, 0, 0]}
                isAnimationActive={false}
              />
            )}
          </BarChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}

/** A job's points split by what their loss measures, in the order each kind first arrived. */
export function lossSeries(points: LossPoint[]): { name: string; points: LossPoint[] }[] {
  const byName = new Map<string, LossPoint[]>();
  for (const p of points) {
    const own = byName.get(p.series);
    if (own) own.push(p);
    else byName.set(p.series, [p]);
  }
  return Array.from(byName, ([name, own]) => ({ name, points: own }));
}

/**
 * Training loss per epoch (and validation loss when reported), drawn as it arrives. Losses of
 * different kinds (a model's rating error and its network's next-movie loss) are on different
 * scales, so each kind gets its own small chart rather than one line that jumps between them.
 */
export function LossChart({ points }: { points: LossPoint[] }) {
  const series = lossSeries(points);
  const named = series.length > 1 || series.some((x) => x.name !== trainingLoss);
  return (
    <div className="stack" data-testid="loss-chart">
      {series.map((x) => (
        <figure key={x.name} className="loss-series" data-testid="loss-series">
          {named && <figcaption className="faint">{capitalised(x.name)}</figcaption>}
          <SeriesChart points={x.points} name={capitalised(x.name)} short={series.length > 1} />
        </figure>
      ))}
    </div>
  );
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function SeriesChart({
  points,
  name,
  short,
}: {
  points: LossPoint[];
  name: string;
  short: boolean;
}) {
  const hasValidation = points.some((p) => p.validationLoss !== null);
  return (
    <div
      className="chart-box"
      role="img"
      aria-label={`${name} per epoch`}
      style={short ? { height: 160 } : undefined}
    >
      <ResponsiveContainer
        width="100%"
        height="100%"
        initialDimension={{ width: 520, height: short ? 160 : 240 }}
      >
        <LineChart data={points} margin={{ left: 0, right: 12, top: 8, bottom: 4 }}>
          <CartesianGrid stroke="var(--line)" />
          <XAxis dataKey="step" tick={axis} stroke="var(--line)" allowDecimals={false} />
          <YAxis
            tick={axis}
            stroke="var(--line)"
            width={56}
            domain={['auto', 'auto']}
            tickFormatter={(v: number) => v.toFixed(3)}
          />
          <Tooltip
            {...tooltipStyle}
            formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))}
          />
          <Line
            type="monotone"
            dataKey="loss"
            name={name}
            stroke="var(--chart-1)"
            strokeWidth={2}
            dot={points.length <= 40}
            isAnimationActive={false}
          />
          {hasValidation && (
            <Line
              type="monotone"
              dataKey="validationLoss"
              name="Validation loss"
              stroke="var(--chart-2)"
              strokeWidth={2}
              dot={points.length <= 40}
              isAnimationActive={false}
            />
          )}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
