import type { DeploymentProfile } from '../../src/contract/apiTypes';
import { profileCaption, profileTableRows } from './profileRows';

/** An export's deployment profile: where each runtime ran, size, peak memory and batch-1 latency. */
export function ProfileTable({ profile }: { profile: DeploymentProfile }) {
  return (
    <table className="export__profile" data-testid="export-profile">
      <caption>{profileCaption(profile)}</caption>
      <thead>
        <tr>
          <th scope="col">Runtime</th>
          <th scope="col">Where</th>
          <th scope="col">Size</th>
          <th scope="col">Peak memory</th>
          <th scope="col">Median latency</th>
          <th scope="col">p95 latency</th>
        </tr>
      </thead>
      <tbody>
        {profileTableRows(profile).map((row) => (
          <tr key={row.runtime} data-testid="export-profile-row">
            <th scope="row">{row.runtime}</th>
            <td className="export__profile-where">{row.where}</td>
            <td>{row.size}</td>
            {row.unavailable ? (
              <td colSpan={3} data-testid="export-profile-unavailable">{row.unavailable}</td>
            ) : (
              <>
                <td title={row.memoryMeaning}>{row.peakMemory}</td>
                <td>{row.median}</td>
                <td>{row.p95}</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
