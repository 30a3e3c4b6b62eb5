import type { DeploymentProfile } from '../../src/contract/apiTypes';
import { profileCaption, profileTableRows } from './profileRows';

/** An export's deployment profile: size, peak memory and batch-1 latency per runtime. */
export function ProfileTable({ profile }: { profile: DeploymentProfile }) {
  return (
    <table className="export__profile" data-testid="export-profile">
      <caption>{profileCaption(profile)}</caption>
      <thead>
        <tr>
          <th scope="col">Runtime</th>
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
            <td>{row.size}</td>
            <td>{row.peakMemory}</td>
            <td>{row.median}</td>
            <td>{row.p95}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
