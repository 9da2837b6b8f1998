package ecsec2

// instanceSpec is what the fit and capacity checks know of an EC2 instance type.
type instanceSpec struct {
	vcpus      float64 // vCPUs
	memoryGiB  float64 // installed memory, GiB
	enis       int     // most network interfaces, the primary one included
	trunkTasks int     // awsvpc tasks per instance with ENI trunking (ECS guide); 0: no trunking
	arm64      bool    // Graviton (arm64); else x86_64
}

// instanceSpecs lists every EC2 instance type an ECS cluster of ours can be
// given, keyed by API name, as of August 2026: 1362 types in 176 families,
// one entry per line and grouped by family under the categories of the
// Amazon EC2 Instance Types guide. It is what rejects a mistyped type
// ("t3.smal"), what the CPU (vcpus*1024 units) and memory fit checks use, and
// what bounds awsvpc tasks per instance: enis-1 without ENI trunking,
// trunkTasks with it.
//
// Sources, per column:
//
//   - vcpus, memoryGiB, enis: DefaultVCpus, MemoryInfo.SizeInMiB/1024 and
//     NetworkInfo.MaximumNetworkInterfaces as EC2 DescribeInstanceTypes
//     returned them (all Regions, August 2026), which are the vCPUs, Memory
//     (GiB) and Max. network interfaces of the "Performance specifications"
//     and "Network specifications" tables of "Amazon EC2 instance type
//     specifications",
//     https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html, co.html,
//     mo.html, so.html, ac.html, hpc.html and pg.html (checked family by
//     family for the type lists, row by row for samples). The 620-odd types
//     that predate mid-2023 were also checked against the EC2 User Guide's
//     hardware-specification tables and "Maximum IP addresses per network
//     interface"
//     (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-eni.html#AvailableIpPerENI):
//     all agree but where AWS has since raised a type's interfaces (c6in,
//     m6in, m6idn, r6in, r6idn .32xlarge and .metal: 14 then, 16 now) or
//     corrected one (h1.16xlarge: 15 then, 8 now); the current figure is
//     used. On types with several network cards enis is the total over all
//     cards, as the guide gives it (p4d.24xlarge: 60).
//   - trunkTasks: "Task limit with ENI trunking" in the table "Supported
//     Amazon EC2 instance types" of the ECS developer guide's "Elastic
//     network interface trunking"
//     (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-eni.html,
//     now eni-trunking-supported-instance-types.html), as the table stood in
//     its last revision we could read in full (April 2023). A type the table
//     does not list has 0, and so do the burstable t2, t3, t3a and t4g, which
//     ECS does not trunk. That includes every family launched since (for
//     example m7i, m7i-flex, c7i, r7i, m7a, c7a, r7a and all of generations 8
//     and 9): they stay at 0 until someone reads their rows off the live
//     page. Also 0, because the page names them as not supported although its
//     own table gives them a limit: c5a.8xlarge, r5b.16xlarge, r5dn.16xlarge,
//     the m5n and m5zn sizes and u-6tb1.56xlarge.
//   - arm64: the processor column of the same guide (AWS Graviton, arm64).
//
// Left out:
//
//   - t1, m1, m2 and c1: retired first-generation types (the previous
//     generation page still names them); likewise cc2, cr1, hs1, g2, p2 and
//     f1, which AWS no longer offers.
//   - Mac instances (mac1, mac2, mac2-m1ultra, mac2-m2, mac2-m2pro, mac-m4,
//     mac-m4pro, mac-m4max, mac-m3ultra): Dedicated Hosts only and macOS, so
//     never in an ECS Auto Scaling group.
//   - u-9tb1, u-12tb1, u-18tb1, u-24tb1 and u-6tb1.metal: end of sale, no new
//     launches.
//   - p6e-gb200.36xlarge, trn2u.48xlarge and u7inh-32tb.480xlarge: in the
//     guide but not returned by DescribeInstanceTypes (UltraServer and
//     special-capacity types), so with no second source for their figures.
//
// Kept although DescribeInstanceTypes no longer returned them in August 2026,
// because the guide still documents them: g3, p3, dl1.24xlarge and i3.metal.
// Their figures are the guide's, the same in its 2023 and current editions.
var instanceSpecs = map[string]instanceSpec{
	// ---- General purpose (gp.html) ----

	// m5 (x86_64, ENI trunking)
	"m5.large":    {2, 8, 3, 10, false},
	"m5.xlarge":   {4, 16, 4, 20, false},
	"m5.2xlarge":  {8, 32, 4, 40, false},
	"m5.4xlarge":  {16, 64, 8, 60, false},
	"m5.8xlarge":  {32, 128, 8, 60, false},
	"m5.12xlarge": {48, 192, 8, 60, false},
	"m5.16xlarge": {64, 256, 15, 120, false},
	"m5.24xlarge": {96, 384, 15, 120, false},
	"m5.metal":    {96, 384, 15, 0, false},

	// m5a (x86_64, ENI trunking)
	"m5a.large":    {2, 8, 3, 10, false},
	"m5a.xlarge":   {4, 16, 4, 20, false},
	"m5a.2xlarge":  {8, 32, 4, 40, false},
	"m5a.4xlarge":  {16, 64, 8, 60, false},
	"m5a.8xlarge":  {32, 128, 8, 60, false},
	"m5a.12xlarge": {48, 192, 8, 60, false},
	"m5a.16xlarge": {64, 256, 15, 120, false},
	"m5a.24xlarge": {96, 384, 15, 120, false},

	// m5ad (x86_64, ENI trunking)
	"m5ad.large":    {2, 8, 3, 10, false},
	"m5ad.xlarge":   {4, 16, 4, 20, false},
	"m5ad.2xlarge":  {8, 32, 4, 40, false},
	"m5ad.4xlarge":  {16, 64, 8, 60, false},
	"m5ad.8xlarge":  {32, 128, 8, 60, false},
	"m5ad.12xlarge": {48, 192, 8, 60, false},
	"m5ad.16xlarge": {64, 256, 15, 120, false},
	"m5ad.24xlarge": {96, 384, 15, 120, false},

	// m5d (x86_64, ENI trunking)
	"m5d.large":    {2, 8, 3, 10, false},
	"m5d.xlarge":   {4, 16, 4, 20, false},
	"m5d.2xlarge":  {8, 32, 4, 40, false},
	"m5d.4xlarge":  {16, 64, 8, 60, false},
	"m5d.8xlarge":  {32, 128, 8, 60, false},
	"m5d.12xlarge": {48, 192, 8, 60, false},
	"m5d.16xlarge": {64, 256, 15, 120, false},
	"m5d.24xlarge": {96, 384, 15, 120, false},
	"m5d.metal":    {96, 384, 15, 120, false},

	// m5dn (x86_64)
	"m5dn.large":    {2, 8, 3, 0, false},
	"m5dn.xlarge":   {4, 16, 4, 0, false},
	"m5dn.2xlarge":  {8, 32, 4, 0, false},
	"m5dn.4xlarge":  {16, 64, 8, 0, false},
	"m5dn.8xlarge":  {32, 128, 8, 0, false},
	"m5dn.12xlarge": {48, 192, 8, 0, false},
	"m5dn.16xlarge": {64, 256, 15, 0, false},
	"m5dn.24xlarge": {96, 384, 15, 0, false},
	"m5dn.metal":    {96, 384, 15, 0, false},

	// m5n (x86_64)
	"m5n.large":    {2, 8, 3, 0, false},
	"m5n.xlarge":   {4, 16, 4, 0, false},
	"m5n.2xlarge":  {8, 32, 4, 0, false},
	"m5n.4xlarge":  {16, 64, 8, 0, false},
	"m5n.8xlarge":  {32, 128, 8, 0, false},
	"m5n.12xlarge": {48, 192, 8, 0, false},
	"m5n.16xlarge": {64, 256, 15, 0, false},
	"m5n.24xlarge": {96, 384, 15, 0, false},
	"m5n.metal":    {96, 384, 15, 0, false},

	// m5zn (x86_64)
	"m5zn.large":    {2, 8, 3, 0, false},
	"m5zn.xlarge":   {4, 16, 4, 0, false},
	"m5zn.2xlarge":  {8, 32, 4, 0, false},
	"m5zn.3xlarge":  {12, 48, 8, 0, false},
	"m5zn.6xlarge":  {24, 96, 8, 0, false},
	"m5zn.12xlarge": {48, 192, 15, 0, false},
	"m5zn.metal":    {48, 192, 15, 0, false},

	// m6a (x86_64, ENI trunking)
	"m6a.large":    {2, 8, 3, 10, false},
	"m6a.xlarge":   {4, 16, 4, 20, false},
	"m6a.2xlarge":  {8, 32, 4, 40, false},
	"m6a.4xlarge":  {16, 64, 8, 60, false},
	"m6a.8xlarge":  {32, 128, 8, 90, false},
	"m6a.12xlarge": {48, 192, 8, 120, false},
	"m6a.16xlarge": {64, 256, 15, 120, false},
	"m6a.24xlarge": {96, 384, 15, 120, false},
	"m6a.32xlarge": {128, 512, 15, 120, false},
	"m6a.48xlarge": {192, 768, 15, 120, false},
	"m6a.metal":    {192, 768, 15, 120, false},

	// m6g (arm64, ENI trunking)
	"m6g.medium":   {1, 4, 2, 4, true},
	"m6g.large":    {2, 8, 3, 10, true},
	"m6g.xlarge":   {4, 16, 4, 20, true},
	"m6g.2xlarge":  {8, 32, 4, 40, true},
	"m6g.4xlarge":  {16, 64, 8, 60, true},
	"m6g.8xlarge":  {32, 128, 8, 60, true},
	"m6g.12xlarge": {48, 192, 8, 60, true},
	"m6g.16xlarge": {64, 256, 15, 120, true},
	"m6g.metal":    {64, 256, 15, 120, true},

	// m6gd (arm64, ENI trunking)
	"m6gd.medium":   {1, 4, 2, 4, true},
	"m6gd.large":    {2, 8, 3, 10, true},
	"m6gd.xlarge":   {4, 16, 4, 20, true},
	"m6gd.2xlarge":  {8, 32, 4, 40, true},
	"m6gd.4xlarge":  {16, 64, 8, 60, true},
	"m6gd.8xlarge":  {32, 128, 8, 60, true},
	"m6gd.12xlarge": {48, 192, 8, 60, true},
	"m6gd.16xlarge": {64, 256, 15, 120, true},
	"m6gd.metal":    {64, 256, 15, 120, true},

	// m6i (x86_64, ENI trunking)
	"m6i.large":    {2, 8, 3, 10, false},
	"m6i.xlarge":   {4, 16, 4, 20, false},
	"m6i.2xlarge":  {8, 32, 4, 40, false},
	"m6i.4xlarge":  {16, 64, 8, 60, false},
	"m6i.8xlarge":  {32, 128, 8, 90, false},
	"m6i.12xlarge": {48, 192, 8, 120, false},
	"m6i.16xlarge": {64, 256, 15, 120, false},
	"m6i.24xlarge": {96, 384, 15, 120, false},
	"m6i.32xlarge": {128, 512, 15, 120, false},
	"m6i.metal":    {128, 512, 15, 120, false},

	// m6id (x86_64, ENI trunking)
	"m6id.large":    {2, 8, 3, 10, false},
	"m6id.xlarge":   {4, 16, 4, 20, false},
	"m6id.2xlarge":  {8, 32, 4, 40, false},
	"m6id.4xlarge":  {16, 64, 8, 60, false},
	"m6id.8xlarge":  {32, 128, 8, 90, false},
	"m6id.12xlarge": {48, 192, 8, 120, false},
	"m6id.16xlarge": {64, 256, 15, 120, false},
	"m6id.24xlarge": {96, 384, 15, 120, false},
	"m6id.32xlarge": {128, 512, 15, 120, false},
	"m6id.metal":    {128, 512, 15, 120, false},

	// m6idn (x86_64, ENI trunking)
	"m6idn.large":    {2, 8, 3, 10, false},
	"m6idn.xlarge":   {4, 16, 4, 20, false},
	"m6idn.2xlarge":  {8, 32, 4, 40, false},
	"m6idn.4xlarge":  {16, 64, 8, 60, false},
	"m6idn.8xlarge":  {32, 128, 8, 90, false},
	"m6idn.12xlarge": {48, 192, 8, 120, false},
	"m6idn.16xlarge": {64, 256, 15, 120, false},
	"m6idn.24xlarge": {96, 384, 15, 120, false},
	"m6idn.32xlarge": {128, 512, 16, 120, false},
	"m6idn.metal":    {128, 512, 16, 120, false},

	// m6in (x86_64, ENI trunking)
	"m6in.large":    {2, 8, 3, 10, false},
	"m6in.xlarge":   {4, 16, 4, 20, false},
	"m6in.2xlarge":  {8, 32, 4, 40, false},
	"m6in.4xlarge":  {16, 64, 8, 60, false},
	"m6in.8xlarge":  {32, 128, 8, 90, false},
	"m6in.12xlarge": {48, 192, 8, 120, false},
	"m6in.16xlarge": {64, 256, 15, 120, false},
	"m6in.24xlarge": {96, 384, 15, 120, false},
	"m6in.32xlarge": {128, 512, 16, 120, false},
	"m6in.metal":    {128, 512, 16, 120, false},

	// m7a (x86_64)
	"m7a.medium":     {1, 4, 2, 0, false},
	"m7a.large":      {2, 8, 3, 0, false},
	"m7a.xlarge":     {4, 16, 4, 0, false},
	"m7a.2xlarge":    {8, 32, 4, 0, false},
	"m7a.4xlarge":    {16, 64, 8, 0, false},
	"m7a.8xlarge":    {32, 128, 8, 0, false},
	"m7a.12xlarge":   {48, 192, 8, 0, false},
	"m7a.16xlarge":   {64, 256, 15, 0, false},
	"m7a.24xlarge":   {96, 384, 15, 0, false},
	"m7a.32xlarge":   {128, 512, 15, 0, false},
	"m7a.48xlarge":   {192, 768, 15, 0, false},
	"m7a.metal-48xl": {192, 768, 15, 0, false},

	// m7g (arm64, ENI trunking)
	"m7g.medium":   {1, 4, 2, 4, true},
	"m7g.large":    {2, 8, 3, 10, true},
	"m7g.xlarge":   {4, 16, 4, 20, true},
	"m7g.2xlarge":  {8, 32, 4, 40, true},
	"m7g.4xlarge":  {16, 64, 8, 60, true},
	"m7g.8xlarge":  {32, 128, 8, 60, true},
	"m7g.12xlarge": {48, 192, 8, 60, true},
	"m7g.16xlarge": {64, 256, 15, 120, true},
	"m7g.metal":    {64, 256, 15, 120, true},

	// m7gd (arm64)
	"m7gd.medium":   {1, 4, 2, 0, true},
	"m7gd.large":    {2, 8, 3, 0, true},
	"m7gd.xlarge":   {4, 16, 4, 0, true},
	"m7gd.2xlarge":  {8, 32, 4, 0, true},
	"m7gd.4xlarge":  {16, 64, 8, 0, true},
	"m7gd.8xlarge":  {32, 128, 8, 0, true},
	"m7gd.12xlarge": {48, 192, 8, 0, true},
	"m7gd.16xlarge": {64, 256, 15, 0, true},
	"m7gd.metal":    {64, 256, 15, 0, true},

	// m7i (x86_64)
	"m7i.large":      {2, 8, 3, 0, false},
	"m7i.xlarge":     {4, 16, 4, 0, false},
	"m7i.2xlarge":    {8, 32, 4, 0, false},
	"m7i.4xlarge":    {16, 64, 8, 0, false},
	"m7i.8xlarge":    {32, 128, 8, 0, false},
	"m7i.12xlarge":   {48, 192, 8, 0, false},
	"m7i.16xlarge":   {64, 256, 15, 0, false},
	"m7i.24xlarge":   {96, 384, 15, 0, false},
	"m7i.metal-24xl": {96, 384, 15, 0, false},
	"m7i.48xlarge":   {192, 768, 15, 0, false},
	"m7i.metal-48xl": {192, 768, 15, 0, false},

	// m7i-flex (x86_64)
	"m7i-flex.large":    {2, 8, 3, 0, false},
	"m7i-flex.xlarge":   {4, 16, 4, 0, false},
	"m7i-flex.2xlarge":  {8, 32, 4, 0, false},
	"m7i-flex.4xlarge":  {16, 64, 8, 0, false},
	"m7i-flex.8xlarge":  {32, 128, 8, 0, false},
	"m7i-flex.12xlarge": {48, 192, 8, 0, false},
	"m7i-flex.16xlarge": {64, 256, 15, 0, false},

	// m8a (x86_64)
	"m8a.medium":     {1, 4, 2, 0, false},
	"m8a.large":      {2, 8, 3, 0, false},
	"m8a.xlarge":     {4, 16, 4, 0, false},
	"m8a.2xlarge":    {8, 32, 4, 0, false},
	"m8a.4xlarge":    {16, 64, 8, 0, false},
	"m8a.8xlarge":    {32, 128, 10, 0, false},
	"m8a.12xlarge":   {48, 192, 12, 0, false},
	"m8a.16xlarge":   {64, 256, 16, 0, false},
	"m8a.24xlarge":   {96, 384, 16, 0, false},
	"m8a.metal-24xl": {96, 384, 16, 0, false},
	"m8a.48xlarge":   {192, 768, 24, 0, false},
	"m8a.metal-48xl": {192, 768, 24, 0, false},

	// m8azn (x86_64)
	"m8azn.medium":     {1, 4, 3, 0, false},
	"m8azn.large":      {2, 8, 4, 0, false},
	"m8azn.xlarge":     {4, 16, 4, 0, false},
	"m8azn.3xlarge":    {12, 48, 8, 0, false},
	"m8azn.6xlarge":    {24, 96, 8, 0, false},
	"m8azn.12xlarge":   {48, 192, 16, 0, false},
	"m8azn.metal-12xl": {48, 192, 16, 0, false},
	"m8azn.24xlarge":   {96, 384, 16, 0, false},
	"m8azn.metal-24xl": {96, 384, 16, 0, false},

	// m8g (arm64)
	"m8g.medium":     {1, 4, 2, 0, true},
	"m8g.large":      {2, 8, 3, 0, true},
	"m8g.xlarge":     {4, 16, 4, 0, true},
	"m8g.2xlarge":    {8, 32, 4, 0, true},
	"m8g.4xlarge":    {16, 64, 8, 0, true},
	"m8g.8xlarge":    {32, 128, 8, 0, true},
	"m8g.12xlarge":   {48, 192, 8, 0, true},
	"m8g.16xlarge":   {64, 256, 15, 0, true},
	"m8g.24xlarge":   {96, 384, 15, 0, true},
	"m8g.metal-24xl": {96, 384, 15, 0, true},
	"m8g.48xlarge":   {192, 768, 15, 0, true},
	"m8g.metal-48xl": {192, 768, 15, 0, true},

	// m8gb (arm64)
	"m8gb.medium":     {1, 4, 2, 0, true},
	"m8gb.large":      {2, 8, 3, 0, true},
	"m8gb.xlarge":     {4, 16, 4, 0, true},
	"m8gb.2xlarge":    {8, 32, 4, 0, true},
	"m8gb.4xlarge":    {16, 64, 8, 0, true},
	"m8gb.8xlarge":    {32, 128, 10, 0, true},
	"m8gb.12xlarge":   {48, 192, 12, 0, true},
	"m8gb.16xlarge":   {64, 256, 16, 0, true},
	"m8gb.24xlarge":   {96, 384, 24, 0, true},
	"m8gb.metal-24xl": {96, 384, 24, 0, true},
	"m8gb.48xlarge":   {192, 768, 24, 0, true},
	"m8gb.metal-48xl": {192, 768, 24, 0, true},

	// m8gd (arm64)
	"m8gd.medium":     {1, 4, 2, 0, true},
	"m8gd.large":      {2, 8, 3, 0, true},
	"m8gd.xlarge":     {4, 16, 4, 0, true},
	"m8gd.2xlarge":    {8, 32, 4, 0, true},
	"m8gd.4xlarge":    {16, 64, 8, 0, true},
	"m8gd.8xlarge":    {32, 128, 8, 0, true},
	"m8gd.12xlarge":   {48, 192, 8, 0, true},
	"m8gd.16xlarge":   {64, 256, 15, 0, true},
	"m8gd.24xlarge":   {96, 384, 15, 0, true},
	"m8gd.metal-24xl": {96, 384, 15, 0, true},
	"m8gd.48xlarge":   {192, 768, 15, 0, true},
	"m8gd.metal-48xl": {192, 768, 15, 0, true},

	// m8gn (arm64)
	"m8gn.medium":     {1, 4, 2, 0, true},
	"m8gn.large":      {2, 8, 3, 0, true},
	"m8gn.xlarge":     {4, 16, 4, 0, true},
	"m8gn.2xlarge":    {8, 32, 4, 0, true},
	"m8gn.4xlarge":    {16, 64, 8, 0, true},
	"m8gn.8xlarge":    {32, 128, 10, 0, true},
	"m8gn.12xlarge":   {48, 192, 12, 0, true},
	"m8gn.16xlarge":   {64, 256, 16, 0, true},
	"m8gn.24xlarge":   {96, 384, 24, 0, true},
	"m8gn.metal-24xl": {96, 384, 24, 0, true},
	"m8gn.48xlarge":   {192, 768, 24, 0, true},
	"m8gn.metal-48xl": {192, 768, 24, 0, true},

	// m8i (x86_64)
	"m8i.large":      {2, 8, 3, 0, false},
	"m8i.xlarge":     {4, 16, 4, 0, false},
	"m8i.2xlarge":    {8, 32, 4, 0, false},
	"m8i.4xlarge":    {16, 64, 8, 0, false},
	"m8i.8xlarge":    {32, 128, 10, 0, false},
	"m8i.12xlarge":   {48, 192, 12, 0, false},
	"m8i.16xlarge":   {64, 256, 16, 0, false},
	"m8i.24xlarge":   {96, 384, 16, 0, false},
	"m8i.32xlarge":   {128, 512, 24, 0, false},
	"m8i.48xlarge":   {192, 768, 24, 0, false},
	"m8i.metal-48xl": {192, 768, 24, 0, false},
	"m8i.96xlarge":   {384, 1536, 24, 0, false},
	"m8i.metal-96xl": {384, 1536, 24, 0, false},

	// m8id (x86_64)
	"m8id.large":      {2, 8, 3, 0, false},
	"m8id.xlarge":     {4, 16, 4, 0, false},
	"m8id.2xlarge":    {8, 32, 4, 0, false},
	"m8id.4xlarge":    {16, 64, 8, 0, false},
	"m8id.8xlarge":    {32, 128, 10, 0, false},
	"m8id.12xlarge":   {48, 192, 12, 0, false},
	"m8id.16xlarge":   {64, 256, 16, 0, false},
	"m8id.24xlarge":   {96, 384, 16, 0, false},
	"m8id.32xlarge":   {128, 512, 24, 0, false},
	"m8id.48xlarge":   {192, 768, 24, 0, false},
	"m8id.metal-48xl": {192, 768, 24, 0, false},
	"m8id.96xlarge":   {384, 1536, 24, 0, false},
	"m8id.metal-96xl": {384, 1536, 24, 0, false},

	// m8i-flex (x86_64)
	"m8i-flex.large":    {2, 8, 3, 0, false},
	"m8i-flex.xlarge":   {4, 16, 4, 0, false},
	"m8i-flex.2xlarge":  {8, 32, 4, 0, false},
	"m8i-flex.4xlarge":  {16, 64, 8, 0, false},
	"m8i-flex.8xlarge":  {32, 128, 10, 0, false},
	"m8i-flex.12xlarge": {48, 192, 12, 0, false},
	"m8i-flex.16xlarge": {64, 256, 16, 0, false},

	// m8in (x86_64)
	"m8in.large":      {2, 8, 4, 0, false},
	"m8in.xlarge":     {4, 16, 4, 0, false},
	"m8in.2xlarge":    {8, 32, 4, 0, false},
	"m8in.4xlarge":    {16, 64, 8, 0, false},
	"m8in.8xlarge":    {32, 128, 8, 0, false},
	"m8in.12xlarge":   {48, 192, 12, 0, false},
	"m8in.16xlarge":   {64, 256, 16, 0, false},
	"m8in.24xlarge":   {96, 384, 16, 0, false},
	"m8in.32xlarge":   {128, 512, 16, 0, false},
	"m8in.48xlarge":   {192, 768, 24, 0, false},
	"m8in.metal-48xl": {192, 768, 24, 0, false},
	"m8in.96xlarge":   {384, 1536, 24, 0, false},
	"m8in.metal-96xl": {384, 1536, 24, 0, false},

	// m8idn (x86_64)
	"m8idn.large":      {2, 8, 4, 0, false},
	"m8idn.xlarge":     {4, 16, 4, 0, false},
	"m8idn.2xlarge":    {8, 32, 4, 0, false},
	"m8idn.4xlarge":    {16, 64, 8, 0, false},
	"m8idn.8xlarge":    {32, 128, 8, 0, false},
	"m8idn.12xlarge":   {48, 192, 12, 0, false},
	"m8idn.16xlarge":   {64, 256, 16, 0, false},
	"m8idn.24xlarge":   {96, 384, 16, 0, false},
	"m8idn.32xlarge":   {128, 512, 16, 0, false},
	"m8idn.48xlarge":   {192, 768, 24, 0, false},
	"m8idn.metal-48xl": {192, 768, 24, 0, false},
	"m8idn.96xlarge":   {384, 1536, 24, 0, false},
	"m8idn.metal-96xl": {384, 1536, 24, 0, false},

	// m8ine (x86_64)
	"m8ine.large":    {2, 8, 4, 0, false},
	"m8ine.xlarge":   {4, 16, 4, 0, false},
	"m8ine.2xlarge":  {8, 32, 4, 0, false},
	"m8ine.4xlarge":  {16, 64, 8, 0, false},
	"m8ine.8xlarge":  {32, 128, 8, 0, false},
	"m8ine.12xlarge": {48, 192, 12, 0, false},

	// m8ib (x86_64)
	"m8ib.large":      {2, 8, 4, 0, false},
	"m8ib.xlarge":     {4, 16, 4, 0, false},
	"m8ib.2xlarge":    {8, 32, 4, 0, false},
	"m8ib.4xlarge":    {16, 64, 8, 0, false},
	"m8ib.8xlarge":    {32, 128, 8, 0, false},
	"m8ib.12xlarge":   {48, 192, 12, 0, false},
	"m8ib.16xlarge":   {64, 256, 16, 0, false},
	"m8ib.24xlarge":   {96, 384, 16, 0, false},
	"m8ib.32xlarge":   {128, 512, 16, 0, false},
	"m8ib.48xlarge":   {192, 768, 24, 0, false},
	"m8ib.metal-48xl": {192, 768, 24, 0, false},
	"m8ib.96xlarge":   {384, 1536, 24, 0, false},
	"m8ib.metal-96xl": {384, 1536, 24, 0, false},

	// m8idb (x86_64)
	"m8idb.large":      {2, 8, 4, 0, false},
	"m8idb.xlarge":     {4, 16, 4, 0, false},
	"m8idb.2xlarge":    {8, 32, 4, 0, false},
	"m8idb.4xlarge":    {16, 64, 8, 0, false},
	"m8idb.8xlarge":    {32, 128, 8, 0, false},
	"m8idb.12xlarge":   {48, 192, 12, 0, false},
	"m8idb.16xlarge":   {64, 256, 16, 0, false},
	"m8idb.24xlarge":   {96, 384, 16, 0, false},
	"m8idb.32xlarge":   {128, 512, 16, 0, false},
	"m8idb.48xlarge":   {192, 768, 24, 0, false},
	"m8idb.metal-48xl": {192, 768, 24, 0, false},
	"m8idb.96xlarge":   {384, 1536, 24, 0, false},
	"m8idb.metal-96xl": {384, 1536, 24, 0, false},

	// m9g (arm64)
	"m9g.medium":     {1, 4, 2, 0, true},
	"m9g.large":      {2, 8, 3, 0, true},
	"m9g.xlarge":     {4, 16, 4, 0, true},
	"m9g.2xlarge":    {8, 32, 4, 0, true},
	"m9g.4xlarge":    {16, 64, 8, 0, true},
	"m9g.8xlarge":    {32, 128, 10, 0, true},
	"m9g.12xlarge":   {48, 192, 12, 0, true},
	"m9g.16xlarge":   {64, 256, 16, 0, true},
	"m9g.24xlarge":   {96, 384, 24, 0, true},
	"m9g.48xlarge":   {192, 768, 24, 0, true},
	"m9g.metal-48xl": {192, 768, 24, 0, true},

	// m9gd (arm64)
	"m9gd.medium":     {1, 4, 2, 0, true},
	"m9gd.large":      {2, 8, 3, 0, true},
	"m9gd.xlarge":     {4, 16, 4, 0, true},
	"m9gd.2xlarge":    {8, 32, 4, 0, true},
	"m9gd.4xlarge":    {16, 64, 8, 0, true},
	"m9gd.8xlarge":    {32, 128, 10, 0, true},
	"m9gd.12xlarge":   {48, 192, 12, 0, true},
	"m9gd.16xlarge":   {64, 256, 16, 0, true},
	"m9gd.24xlarge":   {96, 384, 24, 0, true},
	"m9gd.48xlarge":   {192, 768, 24, 0, true},
	"m9gd.metal-48xl": {192, 768, 24, 0, true},

	// t2 (x86_64)
	"t2.nano":    {1, 0.5, 2, 0, false},
	"t2.micro":   {1, 1, 2, 0, false},
	"t2.small":   {1, 2, 3, 0, false},
	"t2.medium":  {2, 4, 3, 0, false},
	"t2.large":   {2, 8, 3, 0, false},
	"t2.xlarge":  {4, 16, 3, 0, false},
	"t2.2xlarge": {8, 32, 3, 0, false},

	// t3 (x86_64)
	"t3.nano":    {2, 0.5, 2, 0, false},
	"t3.micro":   {2, 1, 2, 0, false},
	"t3.small":   {2, 2, 3, 0, false},
	"t3.medium":  {2, 4, 3, 0, false},
	"t3.large":   {2, 8, 3, 0, false},
	"t3.xlarge":  {4, 16, 4, 0, false},
	"t3.2xlarge": {8, 32, 4, 0, false},

	// t3a (x86_64)
	"t3a.nano":    {2, 0.5, 2, 0, false},
	"t3a.micro":   {2, 1, 2, 0, false},
	"t3a.small":   {2, 2, 2, 0, false},
	"t3a.medium":  {2, 4, 3, 0, false},
	"t3a.large":   {2, 8, 3, 0, false},
	"t3a.xlarge":  {4, 16, 4, 0, false},
	"t3a.2xlarge": {8, 32, 4, 0, false},

	// t4g (arm64)
	"t4g.nano":    {2, 0.5, 2, 0, true},
	"t4g.micro":   {2, 1, 2, 0, true},
	"t4g.small":   {2, 2, 3, 0, true},
	"t4g.medium":  {2, 4, 3, 0, true},
	"t4g.large":   {2, 8, 3, 0, true},
	"t4g.xlarge":  {4, 16, 4, 0, true},
	"t4g.2xlarge": {8, 32, 4, 0, true},

	// ---- Compute optimized (co.html) ----

	// c5 (x86_64, ENI trunking)
	"c5.large":    {2, 4, 3, 10, false},
	"c5.xlarge":   {4, 8, 4, 20, false},
	"c5.2xlarge":  {8, 16, 4, 40, false},
	"c5.4xlarge":  {16, 32, 8, 60, false},
	"c5.9xlarge":  {36, 72, 8, 60, false},
	"c5.12xlarge": {48, 96, 8, 60, false},
	"c5.18xlarge": {72, 144, 15, 120, false},
	"c5.24xlarge": {96, 192, 15, 120, false},
	"c5.metal":    {96, 192, 15, 0, false},

	// c5a (x86_64, ENI trunking)
	"c5a.large":    {2, 4, 3, 10, false},
	"c5a.xlarge":   {4, 8, 4, 20, false},
	"c5a.2xlarge":  {8, 16, 4, 40, false},
	"c5a.4xlarge":  {16, 32, 8, 60, false},
	"c5a.8xlarge":  {32, 64, 8, 0, false},
	"c5a.12xlarge": {48, 96, 8, 60, false},
	"c5a.16xlarge": {64, 128, 15, 120, false},
	"c5a.24xlarge": {96, 192, 15, 120, false},

	// c5ad (x86_64, ENI trunking)
	"c5ad.large":    {2, 4, 3, 10, false},
	"c5ad.xlarge":   {4, 8, 4, 20, false},
	"c5ad.2xlarge":  {8, 16, 4, 40, false},
	"c5ad.4xlarge":  {16, 32, 8, 60, false},
	"c5ad.8xlarge":  {32, 64, 8, 0, false},
	"c5ad.12xlarge": {48, 96, 8, 60, false},
	"c5ad.16xlarge": {64, 128, 15, 120, false},
	"c5ad.24xlarge": {96, 192, 15, 120, false},

	// c5d (x86_64, ENI trunking)
	"c5d.large":    {2, 4, 3, 10, false},
	"c5d.xlarge":   {4, 8, 4, 20, false},
	"c5d.2xlarge":  {8, 16, 4, 40, false},
	"c5d.4xlarge":  {16, 32, 8, 60, false},
	"c5d.9xlarge":  {36, 72, 8, 60, false},
	"c5d.12xlarge": {48, 96, 8, 60, false},
	"c5d.18xlarge": {72, 144, 15, 120, false},
	"c5d.24xlarge": {96, 192, 15, 120, false},
	"c5d.metal":    {96, 192, 15, 0, false},

	// c5n (x86_64)
	"c5n.large":    {2, 5.25, 3, 0, false},
	"c5n.xlarge":   {4, 10.5, 4, 0, false},
	"c5n.2xlarge":  {8, 21, 4, 0, false},
	"c5n.4xlarge":  {16, 42, 8, 0, false},
	"c5n.9xlarge":  {36, 96, 8, 0, false},
	"c5n.18xlarge": {72, 192, 15, 0, false},
	"c5n.metal":    {72, 192, 15, 0, false},

	// c6a (x86_64, ENI trunking)
	"c6a.large":    {2, 4, 3, 10, false},
	"c6a.xlarge":   {4, 8, 4, 20, false},
	"c6a.2xlarge":  {8, 16, 4, 40, false},
	"c6a.4xlarge":  {16, 32, 8, 60, false},
	"c6a.8xlarge":  {32, 64, 8, 90, false},
	"c6a.12xlarge": {48, 96, 8, 120, false},
	"c6a.16xlarge": {64, 128, 15, 120, false},
	"c6a.24xlarge": {96, 192, 15, 120, false},
	"c6a.32xlarge": {128, 256, 15, 120, false},
	"c6a.48xlarge": {192, 384, 15, 120, false},
	"c6a.metal":    {192, 384, 15, 120, false},

	// c6g (arm64, ENI trunking)
	"c6g.medium":   {1, 2, 2, 4, true},
	"c6g.large":    {2, 4, 3, 10, true},
	"c6g.xlarge":   {4, 8, 4, 20, true},
	"c6g.2xlarge":  {8, 16, 4, 40, true},
	"c6g.4xlarge":  {16, 32, 8, 60, true},
	"c6g.8xlarge":  {32, 64, 8, 60, true},
	"c6g.12xlarge": {48, 96, 8, 60, true},
	"c6g.16xlarge": {64, 128, 15, 120, true},
	"c6g.metal":    {64, 128, 15, 120, true},

	// c6gd (arm64, ENI trunking)
	"c6gd.medium":   {1, 2, 2, 4, true},
	"c6gd.large":    {2, 4, 3, 10, true},
	"c6gd.xlarge":   {4, 8, 4, 20, true},
	"c6gd.2xlarge":  {8, 16, 4, 40, true},
	"c6gd.4xlarge":  {16, 32, 8, 60, true},
	"c6gd.8xlarge":  {32, 64, 8, 60, true},
	"c6gd.12xlarge": {48, 96, 8, 60, true},
	"c6gd.16xlarge": {64, 128, 15, 120, true},
	"c6gd.metal":    {64, 128, 15, 120, true},

	// c6gn (arm64, ENI trunking)
	"c6gn.medium":   {1, 2, 2, 4, true},
	"c6gn.large":    {2, 4, 3, 10, true},
	"c6gn.xlarge":   {4, 8, 4, 20, true},
	"c6gn.2xlarge":  {8, 16, 4, 40, true},
	"c6gn.4xlarge":  {16, 32, 8, 60, true},
	"c6gn.8xlarge":  {32, 64, 8, 60, true},
	"c6gn.12xlarge": {48, 96, 8, 60, true},
	"c6gn.16xlarge": {64, 128, 15, 120, true},

	// c6i (x86_64, ENI trunking)
	"c6i.large":    {2, 4, 3, 10, false},
	"c6i.xlarge":   {4, 8, 4, 20, false},
	"c6i.2xlarge":  {8, 16, 4, 40, false},
	"c6i.4xlarge":  {16, 32, 8, 60, false},
	"c6i.8xlarge":  {32, 64, 8, 90, false},
	"c6i.12xlarge": {48, 96, 8, 120, false},
	"c6i.16xlarge": {64, 128, 15, 120, false},
	"c6i.24xlarge": {96, 192, 15, 120, false},
	"c6i.32xlarge": {128, 256, 15, 120, false},
	"c6i.metal":    {128, 256, 15, 120, false},

	// c6id (x86_64, ENI trunking)
	"c6id.large":    {2, 4, 3, 10, false},
	"c6id.xlarge":   {4, 8, 4, 20, false},
	"c6id.2xlarge":  {8, 16, 4, 40, false},
	"c6id.4xlarge":  {16, 32, 8, 60, false},
	"c6id.8xlarge":  {32, 64, 8, 90, false},
	"c6id.12xlarge": {48, 96, 8, 120, false},
	"c6id.16xlarge": {64, 128, 15, 120, false},
	"c6id.24xlarge": {96, 192, 15, 120, false},
	"c6id.32xlarge": {128, 256, 15, 120, false},
	"c6id.metal":    {128, 256, 15, 120, false},

	// c6in (x86_64, ENI trunking)
	"c6in.large":    {2, 4, 3, 10, false},
	"c6in.xlarge":   {4, 8, 4, 20, false},
	"c6in.2xlarge":  {8, 16, 4, 40, false},
	"c6in.4xlarge":  {16, 32, 8, 60, false},
	"c6in.8xlarge":  {32, 64, 8, 90, false},
	"c6in.12xlarge": {48, 96, 8, 120, false},
	"c6in.16xlarge": {64, 128, 15, 120, false},
	"c6in.24xlarge": {96, 192, 15, 120, false},
	"c6in.32xlarge": {128, 256, 16, 120, false},
	"c6in.metal":    {128, 256, 16, 120, false},

	// c7a (x86_64)
	"c7a.medium":     {1, 2, 2, 0, false},
	"c7a.large":      {2, 4, 3, 0, false},
	"c7a.xlarge":     {4, 8, 4, 0, false},
	"c7a.2xlarge":    {8, 16, 4, 0, false},
	"c7a.4xlarge":    {16, 32, 8, 0, false},
	"c7a.8xlarge":    {32, 64, 8, 0, false},
	"c7a.12xlarge":   {48, 96, 8, 0, false},
	"c7a.16xlarge":   {64, 128, 15, 0, false},
	"c7a.24xlarge":   {96, 192, 15, 0, false},
	"c7a.32xlarge":   {128, 256, 15, 0, false},
	"c7a.48xlarge":   {192, 384, 15, 0, false},
	"c7a.metal-48xl": {192, 384, 15, 0, false},

	// c7g (arm64, ENI trunking)
	"c7g.medium":   {1, 2, 2, 4, true},
	"c7g.large":    {2, 4, 3, 10, true},
	"c7g.xlarge":   {4, 8, 4, 20, true},
	"c7g.2xlarge":  {8, 16, 4, 40, true},
	"c7g.4xlarge":  {16, 32, 8, 60, true},
	"c7g.8xlarge":  {32, 64, 8, 60, true},
	"c7g.12xlarge": {48, 96, 8, 60, true},
	"c7g.16xlarge": {64, 128, 15, 120, true},
	"c7g.metal":    {64, 128, 15, 120, true},

	// c7gd (arm64)
	"c7gd.medium":   {1, 2, 2, 0, true},
	"c7gd.large":    {2, 4, 3, 0, true},
	"c7gd.xlarge":   {4, 8, 4, 0, true},
	"c7gd.2xlarge":  {8, 16, 4, 0, true},
	"c7gd.4xlarge":  {16, 32, 8, 0, true},
	"c7gd.8xlarge":  {32, 64, 8, 0, true},
	"c7gd.12xlarge": {48, 96, 8, 0, true},
	"c7gd.16xlarge": {64, 128, 15, 0, true},
	"c7gd.metal":    {64, 128, 15, 0, true},

	// c7gn (arm64)
	"c7gn.medium":   {1, 2, 2, 0, true},
	"c7gn.large":    {2, 4, 3, 0, true},
	"c7gn.xlarge":   {4, 8, 4, 0, true},
	"c7gn.2xlarge":  {8, 16, 4, 0, true},
	"c7gn.4xlarge":  {16, 32, 8, 0, true},
	"c7gn.8xlarge":  {32, 64, 8, 0, true},
	"c7gn.12xlarge": {48, 96, 8, 0, true},
	"c7gn.16xlarge": {64, 128, 15, 0, true},
	"c7gn.metal":    {64, 128, 15, 0, true},

	// c7i (x86_64)
	"c7i.large":      {2, 4, 3, 0, false},
	"c7i.xlarge":     {4, 8, 4, 0, false},
	"c7i.2xlarge":    {8, 16, 4, 0, false},
	"c7i.4xlarge":    {16, 32, 8, 0, false},
	"c7i.8xlarge":    {32, 64, 8, 0, false},
	"c7i.12xlarge":   {48, 96, 8, 0, false},
	"c7i.16xlarge":   {64, 128, 15, 0, false},
	"c7i.24xlarge":   {96, 192, 15, 0, false},
	"c7i.metal-24xl": {96, 192, 15, 0, false},
	"c7i.48xlarge":   {192, 384, 15, 0, false},
	"c7i.metal-48xl": {192, 384, 15, 0, false},

	// c7i-flex (x86_64)
	"c7i-flex.large":    {2, 4, 3, 0, false},
	"c7i-flex.xlarge":   {4, 8, 4, 0, false},
	"c7i-flex.2xlarge":  {8, 16, 4, 0, false},
	"c7i-flex.4xlarge":  {16, 32, 8, 0, false},
	"c7i-flex.8xlarge":  {32, 64, 8, 0, false},
	"c7i-flex.12xlarge": {48, 96, 8, 0, false},
	"c7i-flex.16xlarge": {64, 128, 15, 0, false},

	// c8a (x86_64)
	"c8a.medium":     {1, 2, 2, 0, false},
	"c8a.large":      {2, 4, 3, 0, false},
	"c8a.xlarge":     {4, 8, 4, 0, false},
	"c8a.2xlarge":    {8, 16, 4, 0, false},
	"c8a.4xlarge":    {16, 32, 8, 0, false},
	"c8a.8xlarge":    {32, 64, 10, 0, false},
	"c8a.12xlarge":   {48, 96, 12, 0, false},
	"c8a.16xlarge":   {64, 128, 16, 0, false},
	"c8a.24xlarge":   {96, 192, 16, 0, false},
	"c8a.metal-24xl": {96, 192, 16, 0, false},
	"c8a.48xlarge":   {192, 384, 24, 0, false},
	"c8a.metal-48xl": {192, 384, 24, 0, false},

	// c8g (arm64)
	"c8g.medium":     {1, 2, 2, 0, true},
	"c8g.large":      {2, 4, 3, 0, true},
	"c8g.xlarge":     {4, 8, 4, 0, true},
	"c8g.2xlarge":    {8, 16, 4, 0, true},
	"c8g.4xlarge":    {16, 32, 8, 0, true},
	"c8g.8xlarge":    {32, 64, 8, 0, true},
	"c8g.12xlarge":   {48, 96, 8, 0, true},
	"c8g.16xlarge":   {64, 128, 15, 0, true},
	"c8g.24xlarge":   {96, 192, 15, 0, true},
	"c8g.metal-24xl": {96, 192, 15, 0, true},
	"c8g.48xlarge":   {192, 384, 15, 0, true},
	"c8g.metal-48xl": {192, 384, 15, 0, true},

	// c8gb (arm64)
	"c8gb.medium":     {1, 2, 2, 0, true},
	"c8gb.large":      {2, 4, 3, 0, true},
	"c8gb.xlarge":     {4, 8, 4, 0, true},
	"c8gb.2xlarge":    {8, 16, 4, 0, true},
	"c8gb.4xlarge":    {16, 32, 8, 0, true},
	"c8gb.8xlarge":    {32, 64, 10, 0, true},
	"c8gb.12xlarge":   {48, 96, 12, 0, true},
	"c8gb.16xlarge":   {64, 128, 16, 0, true},
	"c8gb.24xlarge":   {96, 192, 24, 0, true},
	"c8gb.metal-24xl": {96, 192, 24, 0, true},
	"c8gb.48xlarge":   {192, 384, 24, 0, true},
	"c8gb.metal-48xl": {192, 384, 24, 0, true},

	// c8gd (arm64)
	"c8gd.medium":     {1, 2, 2, 0, true},
	"c8gd.large":      {2, 4, 3, 0, true},
	"c8gd.xlarge":     {4, 8, 4, 0, true},
	"c8gd.2xlarge":    {8, 16, 4, 0, true},
	"c8gd.4xlarge":    {16, 32, 8, 0, true},
	"c8gd.8xlarge":    {32, 64, 8, 0, true},
	"c8gd.12xlarge":   {48, 96, 8, 0, true},
	"c8gd.16xlarge":   {64, 128, 15, 0, true},
	"c8gd.24xlarge":   {96, 192, 15, 0, true},
	"c8gd.metal-24xl": {96, 192, 15, 0, true},
	"c8gd.48xlarge":   {192, 384, 15, 0, true},
	"c8gd.metal-48xl": {192, 384, 15, 0, true},

	// c8gn (arm64)
	"c8gn.medium":     {1, 2, 2, 0, true},
	"c8gn.large":      {2, 4, 3, 0, true},
	"c8gn.xlarge":     {4, 8, 4, 0, true},
	"c8gn.2xlarge":    {8, 16, 4, 0, true},
	"c8gn.4xlarge":    {16, 32, 8, 0, true},
	"c8gn.8xlarge":    {32, 64, 10, 0, true},
	"c8gn.12xlarge":   {48, 96, 12, 0, true},
	"c8gn.16xlarge":   {64, 128, 16, 0, true},
	"c8gn.24xlarge":   {96, 192, 24, 0, true},
	"c8gn.metal-24xl": {96, 192, 24, 0, true},
	"c8gn.48xlarge":   {192, 384, 24, 0, true},
	"c8gn.metal-48xl": {192, 384, 24, 0, true},

	// c8i (x86_64)
	"c8i.large":      {2, 4, 3, 0, false},
	"c8i.xlarge":     {4, 8, 4, 0, false},
	"c8i.2xlarge":    {8, 16, 4, 0, false},
	"c8i.4xlarge":    {16, 32, 8, 0, false},
	"c8i.8xlarge":    {32, 64, 10, 0, false},
	"c8i.12xlarge":   {48, 96, 12, 0, false},
	"c8i.16xlarge":   {64, 128, 16, 0, false},
	"c8i.24xlarge":   {96, 192, 16, 0, false},
	"c8i.32xlarge":   {128, 256, 24, 0, false},
	"c8i.48xlarge":   {192, 384, 24, 0, false},
	"c8i.metal-48xl": {192, 384, 24, 0, false},
	"c8i.96xlarge":   {384, 768, 24, 0, false},
	"c8i.metal-96xl": {384, 768, 24, 0, false},

	// c8id (x86_64)
	"c8id.large":      {2, 4, 3, 0, false},
	"c8id.xlarge":     {4, 8, 4, 0, false},
	"c8id.2xlarge":    {8, 16, 4, 0, false},
	"c8id.4xlarge":    {16, 32, 8, 0, false},
	"c8id.8xlarge":    {32, 64, 10, 0, false},
	"c8id.12xlarge":   {48, 96, 12, 0, false},
	"c8id.16xlarge":   {64, 128, 16, 0, false},
	"c8id.24xlarge":   {96, 192, 16, 0, false},
	"c8id.32xlarge":   {128, 256, 24, 0, false},
	"c8id.48xlarge":   {192, 384, 24, 0, false},
	"c8id.metal-48xl": {192, 384, 24, 0, false},
	"c8id.96xlarge":   {384, 768, 24, 0, false},
	"c8id.metal-96xl": {384, 768, 24, 0, false},

	// c8i-flex (x86_64)
	"c8i-flex.large":    {2, 4, 3, 0, false},
	"c8i-flex.xlarge":   {4, 8, 4, 0, false},
	"c8i-flex.2xlarge":  {8, 16, 4, 0, false},
	"c8i-flex.4xlarge":  {16, 32, 8, 0, false},
	"c8i-flex.8xlarge":  {32, 64, 10, 0, false},
	"c8i-flex.12xlarge": {48, 96, 12, 0, false},
	"c8i-flex.16xlarge": {64, 128, 16, 0, false},

	// c8in (x86_64)
	"c8in.large":      {2, 4, 4, 0, false},
	"c8in.xlarge":     {4, 8, 4, 0, false},
	"c8in.2xlarge":    {8, 16, 4, 0, false},
	"c8in.4xlarge":    {16, 32, 8, 0, false},
	"c8in.8xlarge":    {32, 64, 8, 0, false},
	"c8in.12xlarge":   {48, 96, 12, 0, false},
	"c8in.16xlarge":   {64, 128, 16, 0, false},
	"c8in.24xlarge":   {96, 192, 16, 0, false},
	"c8in.32xlarge":   {128, 256, 16, 0, false},
	"c8in.48xlarge":   {192, 384, 24, 0, false},
	"c8in.metal-48xl": {192, 384, 24, 0, false},
	"c8in.96xlarge":   {384, 768, 24, 0, false},
	"c8in.metal-96xl": {384, 768, 24, 0, false},

	// c8ine (x86_64)
	"c8ine.large":    {2, 4, 4, 0, false},
	"c8ine.xlarge":   {4, 8, 4, 0, false},
	"c8ine.2xlarge":  {8, 16, 4, 0, false},
	"c8ine.4xlarge":  {16, 32, 8, 0, false},
	"c8ine.8xlarge":  {32, 64, 8, 0, false},
	"c8ine.12xlarge": {48, 96, 12, 0, false},

	// c8ib (x86_64)
	"c8ib.large":      {2, 4, 4, 0, false},
	"c8ib.xlarge":     {4, 8, 4, 0, false},
	"c8ib.2xlarge":    {8, 16, 4, 0, false},
	"c8ib.4xlarge":    {16, 32, 8, 0, false},
	"c8ib.8xlarge":    {32, 64, 8, 0, false},
	"c8ib.12xlarge":   {48, 96, 12, 0, false},
	"c8ib.16xlarge":   {64, 128, 16, 0, false},
	"c8ib.24xlarge":   {96, 192, 16, 0, false},
	"c8ib.32xlarge":   {128, 256, 16, 0, false},
	"c8ib.48xlarge":   {192, 384, 24, 0, false},
	"c8ib.metal-48xl": {192, 384, 24, 0, false},
	"c8ib.96xlarge":   {384, 768, 24, 0, false},
	"c8ib.metal-96xl": {384, 768, 24, 0, false},

	// c9g (arm64)
	"c9g.medium":     {1, 2, 2, 0, true},
	"c9g.large":      {2, 4, 3, 0, true},
	"c9g.xlarge":     {4, 8, 4, 0, true},
	"c9g.2xlarge":    {8, 16, 4, 0, true},
	"c9g.4xlarge":    {16, 32, 8, 0, true},
	"c9g.8xlarge":    {32, 64, 10, 0, true},
	"c9g.12xlarge":   {48, 96, 12, 0, true},
	"c9g.16xlarge":   {64, 128, 16, 0, true},
	"c9g.24xlarge":   {96, 192, 24, 0, true},
	"c9g.48xlarge":   {192, 384, 24, 0, true},
	"c9g.metal-48xl": {192, 384, 24, 0, true},

	// c9gd (arm64)
	"c9gd.medium":     {1, 2, 2, 0, true},
	"c9gd.large":      {2, 4, 3, 0, true},
	"c9gd.xlarge":     {4, 8, 4, 0, true},
	"c9gd.2xlarge":    {8, 16, 4, 0, true},
	"c9gd.4xlarge":    {16, 32, 8, 0, true},
	"c9gd.8xlarge":    {32, 64, 10, 0, true},
	"c9gd.12xlarge":   {48, 96, 12, 0, true},
	"c9gd.16xlarge":   {64, 128, 16, 0, true},
	"c9gd.24xlarge":   {96, 192, 24, 0, true},
	"c9gd.48xlarge":   {192, 384, 24, 0, true},
	"c9gd.metal-48xl": {192, 384, 24, 0, true},

	// ---- Memory optimized (mo.html) ----

	// r5 (x86_64, ENI trunking)
	"r5.large":    {2, 16, 3, 10, false},
	"r5.xlarge":   {4, 32, 4, 20, false},
	"r5.2xlarge":  {8, 64, 4, 40, false},
	"r5.4xlarge":  {16, 128, 8, 60, false},
	"r5.8xlarge":  {32, 256, 8, 0, false},
	"r5.12xlarge": {48, 384, 8, 60, false},
	"r5.16xlarge": {64, 512, 15, 120, false},
	"r5.24xlarge": {96, 768, 15, 120, false},
	"r5.metal":    {96, 768, 15, 0, false},

	// r5a (x86_64, ENI trunking)
	"r5a.large":    {2, 16, 3, 10, false},
	"r5a.xlarge":   {4, 32, 4, 20, false},
	"r5a.2xlarge":  {8, 64, 4, 40, false},
	"r5a.4xlarge":  {16, 128, 8, 60, false},
	"r5a.8xlarge":  {32, 256, 8, 60, false},
	"r5a.12xlarge": {48, 384, 8, 60, false},
	"r5a.16xlarge": {64, 512, 15, 120, false},
	"r5a.24xlarge": {96, 768, 15, 120, false},

	// r5ad (x86_64, ENI trunking)
	"r5ad.large":    {2, 16, 3, 10, false},
	"r5ad.xlarge":   {4, 32, 4, 20, false},
	"r5ad.2xlarge":  {8, 64, 4, 40, false},
	"r5ad.4xlarge":  {16, 128, 8, 60, false},
	"r5ad.8xlarge":  {32, 256, 8, 60, false},
	"r5ad.12xlarge": {48, 384, 8, 60, false},
	"r5ad.16xlarge": {64, 512, 15, 120, false},
	"r5ad.24xlarge": {96, 768, 15, 120, false},

	// r5b (x86_64)
	"r5b.large":    {2, 16, 3, 0, false},
	"r5b.xlarge":   {4, 32, 4, 0, false},
	"r5b.2xlarge":  {8, 64, 4, 0, false},
	"r5b.4xlarge":  {16, 128, 8, 0, false},
	"r5b.8xlarge":  {32, 256, 8, 0, false},
	"r5b.12xlarge": {48, 384, 8, 0, false},
	"r5b.16xlarge": {64, 512, 15, 0, false},
	"r5b.24xlarge": {96, 768, 15, 0, false},
	"r5b.metal":    {96, 768, 15, 0, false},

	// r5d (x86_64, ENI trunking)
	"r5d.large":    {2, 16, 3, 10, false},
	"r5d.xlarge":   {4, 32, 4, 20, false},
	"r5d.2xlarge":  {8, 64, 4, 40, false},
	"r5d.4xlarge":  {16, 128, 8, 60, false},
	"r5d.8xlarge":  {32, 256, 8, 60, false},
	"r5d.12xlarge": {48, 384, 8, 60, false},
	"r5d.16xlarge": {64, 512, 15, 120, false},
	"r5d.24xlarge": {96, 768, 15, 120, false},
	"r5d.metal":    {96, 768, 15, 0, false},

	// r5dn (x86_64)
	"r5dn.large":    {2, 16, 3, 0, false},
	"r5dn.xlarge":   {4, 32, 4, 0, false},
	"r5dn.2xlarge":  {8, 64, 4, 0, false},
	"r5dn.4xlarge":  {16, 128, 8, 0, false},
	"r5dn.8xlarge":  {32, 256, 8, 0, false},
	"r5dn.12xlarge": {48, 384, 8, 0, false},
	"r5dn.16xlarge": {64, 512, 15, 0, false},
	"r5dn.24xlarge": {96, 768, 15, 0, false},
	"r5dn.metal":    {96, 768, 15, 0, false},

	// r5n (x86_64)
	"r5n.large":    {2, 16, 3, 0, false},
	"r5n.xlarge":   {4, 32, 4, 0, false},
	"r5n.2xlarge":  {8, 64, 4, 0, false},
	"r5n.4xlarge":  {16, 128, 8, 0, false},
	"r5n.8xlarge":  {32, 256, 8, 0, false},
	"r5n.12xlarge": {48, 384, 8, 0, false},
	"r5n.16xlarge": {64, 512, 15, 0, false},
	"r5n.24xlarge": {96, 768, 15, 0, false},
	"r5n.metal":    {96, 768, 15, 0, false},

	// r6a (x86_64, ENI trunking)
	"r6a.large":    {2, 16, 3, 10, false},
	"r6a.xlarge":   {4, 32, 4, 20, false},
	"r6a.2xlarge":  {8, 64, 4, 40, false},
	"r6a.4xlarge":  {16, 128, 8, 60, false},
	"r6a.8xlarge":  {32, 256, 8, 90, false},
	"r6a.12xlarge": {48, 384, 8, 120, false},
	"r6a.16xlarge": {64, 512, 15, 120, false},
	"r6a.24xlarge": {96, 768, 15, 120, false},
	"r6a.32xlarge": {128, 1024, 15, 120, false},
	"r6a.48xlarge": {192, 1536, 15, 120, false},
	"r6a.metal":    {192, 1536, 15, 120, false},

	// r6g (arm64, ENI trunking)
	"r6g.medium":   {1, 8, 2, 4, true},
	"r6g.large":    {2, 16, 3, 10, true},
	"r6g.xlarge":   {4, 32, 4, 20, true},
	"r6g.2xlarge":  {8, 64, 4, 40, true},
	"r6g.4xlarge":  {16, 128, 8, 60, true},
	"r6g.8xlarge":  {32, 256, 8, 60, true},
	"r6g.12xlarge": {48, 384, 8, 60, true},
	"r6g.16xlarge": {64, 512, 15, 120, true},
	"r6g.metal":    {64, 512, 15, 120, true},

	// r6gd (arm64, ENI trunking)
	"r6gd.medium":   {1, 8, 2, 4, true},
	"r6gd.large":    {2, 16, 3, 10, true},
	"r6gd.xlarge":   {4, 32, 4, 20, true},
	"r6gd.2xlarge":  {8, 64, 4, 40, true},
	"r6gd.4xlarge":  {16, 128, 8, 60, true},
	"r6gd.8xlarge":  {32, 256, 8, 60, true},
	"r6gd.12xlarge": {48, 384, 8, 60, true},
	"r6gd.16xlarge": {64, 512, 15, 120, true},
	"r6gd.metal":    {64, 512, 15, 120, true},

	// r6i (x86_64, ENI trunking)
	"r6i.large":    {2, 16, 3, 10, false},
	"r6i.xlarge":   {4, 32, 4, 20, false},
	"r6i.2xlarge":  {8, 64, 4, 40, false},
	"r6i.4xlarge":  {16, 128, 8, 60, false},
	"r6i.8xlarge":  {32, 256, 8, 90, false},
	"r6i.12xlarge": {48, 384, 8, 120, false},
	"r6i.16xlarge": {64, 512, 15, 120, false},
	"r6i.24xlarge": {96, 768, 15, 120, false},
	"r6i.32xlarge": {128, 1024, 15, 120, false},
	"r6i.metal":    {128, 1024, 15, 120, false},

	// r6id (x86_64, ENI trunking)
	"r6id.large":    {2, 16, 3, 10, false},
	"r6id.xlarge":   {4, 32, 4, 20, false},
	"r6id.2xlarge":  {8, 64, 4, 40, false},
	"r6id.4xlarge":  {16, 128, 8, 60, false},
	"r6id.8xlarge":  {32, 256, 8, 90, false},
	"r6id.12xlarge": {48, 384, 8, 120, false},
	"r6id.16xlarge": {64, 512, 15, 120, false},
	"r6id.24xlarge": {96, 768, 15, 120, false},
	"r6id.32xlarge": {128, 1024, 15, 120, false},
	"r6id.metal":    {128, 1024, 15, 120, false},

	// r6idn (x86_64, ENI trunking)
	"r6idn.large":    {2, 16, 3, 10, false},
	"r6idn.xlarge":   {4, 32, 4, 20, false},
	"r6idn.2xlarge":  {8, 64, 4, 40, false},
	"r6idn.4xlarge":  {16, 128, 8, 60, false},
	"r6idn.8xlarge":  {32, 256, 8, 90, false},
	"r6idn.12xlarge": {48, 384, 8, 120, false},
	"r6idn.16xlarge": {64, 512, 15, 120, false},
	"r6idn.24xlarge": {96, 768, 15, 120, false},
	"r6idn.32xlarge": {128, 1024, 16, 120, false},
	"r6idn.metal":    {128, 1024, 16, 120, false},

	// r6in (x86_64, ENI trunking)
	"r6in.large":    {2, 16, 3, 10, false},
	"r6in.xlarge":   {4, 32, 4, 20, false},
	"r6in.2xlarge":  {8, 64, 4, 40, false},
	"r6in.4xlarge":  {16, 128, 8, 60, false},
	"r6in.8xlarge":  {32, 256, 8, 90, false},
	"r6in.12xlarge": {48, 384, 8, 120, false},
	"r6in.16xlarge": {64, 512, 15, 120, false},
	"r6in.24xlarge": {96, 768, 15, 120, false},
	"r6in.32xlarge": {128, 1024, 16, 120, false},
	"r6in.metal":    {128, 1024, 16, 120, false},

	// r7a (x86_64)
	"r7a.medium":     {1, 8, 2, 0, false},
	"r7a.large":      {2, 16, 3, 0, false},
	"r7a.xlarge":     {4, 32, 4, 0, false},
	"r7a.2xlarge":    {8, 64, 4, 0, false},
	"r7a.4xlarge":    {16, 128, 8, 0, false},
	"r7a.8xlarge":    {32, 256, 8, 0, false},
	"r7a.12xlarge":   {48, 384, 8, 0, false},
	"r7a.16xlarge":   {64, 512, 15, 0, false},
	"r7a.24xlarge":   {96, 768, 15, 0, false},
	"r7a.32xlarge":   {128, 1024, 15, 0, false},
	"r7a.48xlarge":   {192, 1536, 15, 0, false},
	"r7a.metal-48xl": {192, 1536, 15, 0, false},

	// r7g (arm64, ENI trunking)
	"r7g.medium":   {1, 8, 2, 4, true},
	"r7g.large":    {2, 16, 3, 10, true},
	"r7g.xlarge":   {4, 32, 4, 20, true},
	"r7g.2xlarge":  {8, 64, 4, 40, true},
	"r7g.4xlarge":  {16, 128, 8, 60, true},
	"r7g.8xlarge":  {32, 256, 8, 60, true},
	"r7g.12xlarge": {48, 384, 8, 60, true},
	"r7g.16xlarge": {64, 512, 15, 120, true},
	"r7g.metal":    {64, 512, 15, 120, true},

	// r7gd (arm64)
	"r7gd.medium":   {1, 8, 2, 0, true},
	"r7gd.large":    {2, 16, 3, 0, true},
	"r7gd.xlarge":   {4, 32, 4, 0, true},
	"r7gd.2xlarge":  {8, 64, 4, 0, true},
	"r7gd.4xlarge":  {16, 128, 8, 0, true},
	"r7gd.8xlarge":  {32, 256, 8, 0, true},
	"r7gd.12xlarge": {48, 384, 8, 0, true},
	"r7gd.16xlarge": {64, 512, 15, 0, true},
	"r7gd.metal":    {64, 512, 15, 0, true},

	// r7i (x86_64)
	"r7i.large":      {2, 16, 3, 0, false},
	"r7i.xlarge":     {4, 32, 4, 0, false},
	"r7i.2xlarge":    {8, 64, 4, 0, false},
	"r7i.4xlarge":    {16, 128, 8, 0, false},
	"r7i.8xlarge":    {32, 256, 8, 0, false},
	"r7i.12xlarge":   {48, 384, 8, 0, false},
	"r7i.16xlarge":   {64, 512, 15, 0, false},
	"r7i.24xlarge":   {96, 768, 15, 0, false},
	"r7i.metal-24xl": {96, 768, 15, 0, false},
	"r7i.48xlarge":   {192, 1536, 15, 0, false},
	"r7i.metal-48xl": {192, 1536, 15, 0, false},

	// r7iz (x86_64)
	"r7iz.large":      {2, 16, 3, 0, false},
	"r7iz.xlarge":     {4, 32, 4, 0, false},
	"r7iz.2xlarge":    {8, 64, 4, 0, false},
	"r7iz.4xlarge":    {16, 128, 8, 0, false},
	"r7iz.8xlarge":    {32, 256, 8, 0, false},
	"r7iz.12xlarge":   {48, 384, 8, 0, false},
	"r7iz.16xlarge":   {64, 512, 15, 0, false},
	"r7iz.metal-16xl": {64, 512, 15, 0, false},
	"r7iz.32xlarge":   {128, 1024, 15, 0, false},
	"r7iz.metal-32xl": {128, 1024, 15, 0, false},

	// r8a (x86_64)
	"r8a.medium":     {1, 8, 2, 0, false},
	"r8a.large":      {2, 16, 3, 0, false},
	"r8a.xlarge":     {4, 32, 4, 0, false},
	"r8a.2xlarge":    {8, 64, 4, 0, false},
	"r8a.4xlarge":    {16, 128, 8, 0, false},
	"r8a.8xlarge":    {32, 256, 10, 0, false},
	"r8a.12xlarge":   {48, 384, 12, 0, false},
	"r8a.16xlarge":   {64, 512, 16, 0, false},
	"r8a.24xlarge":   {96, 768, 16, 0, false},
	"r8a.metal-24xl": {96, 768, 16, 0, false},
	"r8a.48xlarge":   {192, 1536, 24, 0, false},
	"r8a.metal-48xl": {192, 1536, 24, 0, false},

	// r8g (arm64)
	"r8g.medium":     {1, 8, 2, 0, true},
	"r8g.large":      {2, 16, 3, 0, true},
	"r8g.xlarge":     {4, 32, 4, 0, true},
	"r8g.2xlarge":    {8, 64, 4, 0, true},
	"r8g.4xlarge":    {16, 128, 8, 0, true},
	"r8g.8xlarge":    {32, 256, 8, 0, true},
	"r8g.12xlarge":   {48, 384, 8, 0, true},
	"r8g.16xlarge":   {64, 512, 15, 0, true},
	"r8g.24xlarge":   {96, 768, 15, 0, true},
	"r8g.metal-24xl": {96, 768, 15, 0, true},
	"r8g.48xlarge":   {192, 1536, 15, 0, true},
	"r8g.metal-48xl": {192, 1536, 15, 0, true},

	// r8gb (arm64)
	"r8gb.medium":     {1, 8, 2, 0, true},
	"r8gb.large":      {2, 16, 3, 0, true},
	"r8gb.xlarge":     {4, 32, 4, 0, true},
	"r8gb.2xlarge":    {8, 64, 4, 0, true},
	"r8gb.4xlarge":    {16, 128, 8, 0, true},
	"r8gb.8xlarge":    {32, 256, 10, 0, true},
	"r8gb.12xlarge":   {48, 384, 12, 0, true},
	"r8gb.16xlarge":   {64, 512, 16, 0, true},
	"r8gb.24xlarge":   {96, 768, 24, 0, true},
	"r8gb.metal-24xl": {96, 768, 24, 0, true},
	"r8gb.48xlarge":   {192, 1536, 24, 0, true},
	"r8gb.metal-48xl": {192, 1536, 24, 0, true},

	// r8gd (arm64)
	"r8gd.medium":     {1, 8, 2, 0, true},
	"r8gd.large":      {2, 16, 3, 0, true},
	"r8gd.xlarge":     {4, 32, 4, 0, true},
	"r8gd.2xlarge":    {8, 64, 4, 0, true},
	"r8gd.4xlarge":    {16, 128, 8, 0, true},
	"r8gd.8xlarge":    {32, 256, 8, 0, true},
	"r8gd.12xlarge":   {48, 384, 8, 0, true},
	"r8gd.16xlarge":   {64, 512, 15, 0, true},
	"r8gd.24xlarge":   {96, 768, 15, 0, true},
	"r8gd.metal-24xl": {96, 768, 15, 0, true},
	"r8gd.48xlarge":   {192, 1536, 15, 0, true},
	"r8gd.metal-48xl": {192, 1536, 15, 0, true},

	// r8gn (arm64)
	"r8gn.medium":     {1, 8, 2, 0, true},
	"r8gn.large":      {2, 16, 3, 0, true},
	"r8gn.xlarge":     {4, 32, 4, 0, true},
	"r8gn.2xlarge":    {8, 64, 4, 0, true},
	"r8gn.4xlarge":    {16, 128, 8, 0, true},
	"r8gn.8xlarge":    {32, 256, 10, 0, true},
	"r8gn.12xlarge":   {48, 384, 12, 0, true},
	"r8gn.16xlarge":   {64, 512, 16, 0, true},
	"r8gn.24xlarge":   {96, 768, 24, 0, true},
	"r8gn.metal-24xl": {96, 768, 24, 0, true},
	"r8gn.48xlarge":   {192, 1536, 24, 0, true},
	"r8gn.metal-48xl": {192, 1536, 24, 0, true},

	// r8i (x86_64)
	"r8i.large":      {2, 16, 3, 0, false},
	"r8i.xlarge":     {4, 32, 4, 0, false},
	"r8i.2xlarge":    {8, 64, 4, 0, false},
	"r8i.4xlarge":    {16, 128, 8, 0, false},
	"r8i.8xlarge":    {32, 256, 10, 0, false},
	"r8i.12xlarge":   {48, 384, 12, 0, false},
	"r8i.16xlarge":   {64, 512, 16, 0, false},
	"r8i.24xlarge":   {96, 768, 16, 0, false},
	"r8i.32xlarge":   {128, 1024, 24, 0, false},
	"r8i.48xlarge":   {192, 1536, 24, 0, false},
	"r8i.metal-48xl": {192, 1536, 24, 0, false},
	"r8i.96xlarge":   {384, 3072, 24, 0, false},
	"r8i.metal-96xl": {384, 3072, 24, 0, false},

	// r8id (x86_64)
	"r8id.large":      {2, 16, 3, 0, false},
	"r8id.xlarge":     {4, 32, 4, 0, false},
	"r8id.2xlarge":    {8, 64, 4, 0, false},
	"r8id.4xlarge":    {16, 128, 8, 0, false},
	"r8id.8xlarge":    {32, 256, 10, 0, false},
	"r8id.12xlarge":   {48, 384, 12, 0, false},
	"r8id.16xlarge":   {64, 512, 16, 0, false},
	"r8id.24xlarge":   {96, 768, 16, 0, false},
	"r8id.32xlarge":   {128, 1024, 24, 0, false},
	"r8id.48xlarge":   {192, 1536, 24, 0, false},
	"r8id.metal-48xl": {192, 1536, 24, 0, false},
	"r8id.96xlarge":   {384, 3072, 24, 0, false},
	"r8id.metal-96xl": {384, 3072, 24, 0, false},

	// r8i-flex (x86_64)
	"r8i-flex.large":    {2, 16, 3, 0, false},
	"r8i-flex.xlarge":   {4, 32, 4, 0, false},
	"r8i-flex.2xlarge":  {8, 64, 4, 0, false},
	"r8i-flex.4xlarge":  {16, 128, 8, 0, false},
	"r8i-flex.8xlarge":  {32, 256, 10, 0, false},
	"r8i-flex.12xlarge": {48, 384, 12, 0, false},
	"r8i-flex.16xlarge": {64, 512, 16, 0, false},

	// r8in (x86_64)
	"r8in.large":      {2, 16, 4, 0, false},
	"r8in.xlarge":     {4, 32, 4, 0, false},
	"r8in.2xlarge":    {8, 64, 4, 0, false},
	"r8in.4xlarge":    {16, 128, 8, 0, false},
	"r8in.8xlarge":    {32, 256, 8, 0, false},
	"r8in.12xlarge":   {48, 384, 12, 0, false},
	"r8in.16xlarge":   {64, 512, 16, 0, false},
	"r8in.24xlarge":   {96, 768, 16, 0, false},
	"r8in.32xlarge":   {128, 1024, 16, 0, false},
	"r8in.48xlarge":   {192, 1536, 24, 0, false},
	"r8in.metal-48xl": {192, 1536, 24, 0, false},
	"r8in.96xlarge":   {384, 3072, 24, 0, false},
	"r8in.metal-96xl": {384, 3072, 24, 0, false},

	// r8idn (x86_64)
	"r8idn.large":      {2, 16, 4, 0, false},
	"r8idn.xlarge":     {4, 32, 4, 0, false},
	"r8idn.2xlarge":    {8, 64, 4, 0, false},
	"r8idn.4xlarge":    {16, 128, 8, 0, false},
	"r8idn.8xlarge":    {32, 256, 8, 0, false},
	"r8idn.12xlarge":   {48, 384, 12, 0, false},
	"r8idn.16xlarge":   {64, 512, 16, 0, false},
	"r8idn.24xlarge":   {96, 768, 16, 0, false},
	"r8idn.32xlarge":   {128, 1024, 16, 0, false},
	"r8idn.48xlarge":   {192, 1536, 24, 0, false},
	"r8idn.metal-48xl": {192, 1536, 24, 0, false},
	"r8idn.96xlarge":   {384, 3072, 24, 0, false},
	"r8idn.metal-96xl": {384, 3072, 24, 0, false},

	// r8ib (x86_64)
	"r8ib.large":      {2, 16, 4, 0, false},
	"r8ib.xlarge":     {4, 32, 4, 0, false},
	"r8ib.2xlarge":    {8, 64, 4, 0, false},
	"r8ib.4xlarge":    {16, 128, 8, 0, false},
	"r8ib.8xlarge":    {32, 256, 8, 0, false},
	"r8ib.12xlarge":   {48, 384, 12, 0, false},
	"r8ib.16xlarge":   {64, 512, 16, 0, false},
	"r8ib.24xlarge":   {96, 768, 16, 0, false},
	"r8ib.32xlarge":   {128, 1024, 16, 0, false},
	"r8ib.48xlarge":   {192, 1536, 24, 0, false},
	"r8ib.metal-48xl": {192, 1536, 24, 0, false},
	"r8ib.96xlarge":   {384, 3072, 24, 0, false},
	"r8ib.metal-96xl": {384, 3072, 24, 0, false},

	// r8idb (x86_64)
	"r8idb.large":      {2, 16, 4, 0, false},
	"r8idb.xlarge":     {4, 32, 4, 0, false},
	"r8idb.2xlarge":    {8, 64, 4, 0, false},
	"r8idb.4xlarge":    {16, 128, 8, 0, false},
	"r8idb.8xlarge":    {32, 256, 8, 0, false},
	"r8idb.12xlarge":   {48, 384, 12, 0, false},
	"r8idb.16xlarge":   {64, 512, 16, 0, false},
	"r8idb.24xlarge":   {96, 768, 16, 0, false},
	"r8idb.32xlarge":   {128, 1024, 16, 0, false},
	"r8idb.48xlarge":   {192, 1536, 24, 0, false},
	"r8idb.metal-48xl": {192, 1536, 24, 0, false},
	"r8idb.96xlarge":   {384, 3072, 24, 0, false},
	"r8idb.metal-96xl": {384, 3072, 24, 0, false},

	// u-3tb1 (x86_64, ENI trunking)
	"u-3tb1.56xlarge": {224, 3072, 8, 12, false},

	// u-6tb1 (x86_64)
	"u-6tb1.56xlarge":  {224, 6144, 15, 0, false},
	"u-6tb1.112xlarge": {448, 6144, 15, 0, false},

	// u7i-6tb (x86_64)
	"u7i-6tb.112xlarge": {448, 6144, 15, 0, false},

	// u7i-8tb (x86_64)
	"u7i-8tb.112xlarge": {448, 8192, 15, 0, false},

	// u7i-12tb (x86_64)
	"u7i-12tb.224xlarge": {896, 12288, 15, 0, false},

	// u7in-16tb (x86_64)
	"u7in-16tb.224xlarge": {896, 16384, 16, 0, false},

	// u7in-24tb (x86_64)
	"u7in-24tb.224xlarge": {896, 24576, 16, 0, false},

	// u7in-32tb (x86_64)
	"u7in-32tb.224xlarge": {896, 32768, 16, 0, false},

	// x1 (x86_64)
	"x1.16xlarge": {64, 976, 8, 0, false},
	"x1.32xlarge": {128, 1952, 8, 0, false},

	// x1e (x86_64)
	"x1e.xlarge":   {4, 122, 3, 0, false},
	"x1e.2xlarge":  {8, 244, 4, 0, false},
	"x1e.4xlarge":  {16, 488, 4, 0, false},
	"x1e.8xlarge":  {32, 976, 4, 0, false},
	"x1e.16xlarge": {64, 1952, 8, 0, false},
	"x1e.32xlarge": {128, 3904, 8, 0, false},

	// x2gd (arm64, ENI trunking)
	"x2gd.medium":   {1, 16, 2, 10, true},
	"x2gd.large":    {2, 32, 3, 10, true},
	"x2gd.xlarge":   {4, 64, 4, 20, true},
	"x2gd.2xlarge":  {8, 128, 4, 40, true},
	"x2gd.4xlarge":  {16, 256, 8, 60, true},
	"x2gd.8xlarge":  {32, 512, 8, 60, true},
	"x2gd.12xlarge": {48, 768, 8, 60, true},
	"x2gd.16xlarge": {64, 1024, 15, 120, true},
	"x2gd.metal":    {64, 1024, 15, 120, true},

	// x2idn (x86_64, ENI trunking)
	"x2idn.16xlarge": {64, 1024, 15, 120, false},
	"x2idn.24xlarge": {96, 1536, 15, 120, false},
	"x2idn.32xlarge": {128, 2048, 15, 120, false},
	"x2idn.metal":    {128, 2048, 15, 120, false},

	// x2iedn (x86_64, ENI trunking)
	"x2iedn.xlarge":   {4, 128, 4, 13, false},
	"x2iedn.2xlarge":  {8, 256, 4, 29, false},
	"x2iedn.4xlarge":  {16, 512, 8, 60, false},
	"x2iedn.8xlarge":  {32, 1024, 8, 120, false},
	"x2iedn.16xlarge": {64, 2048, 15, 120, false},
	"x2iedn.24xlarge": {96, 3072, 15, 120, false},
	"x2iedn.32xlarge": {128, 4096, 15, 120, false},
	"x2iedn.metal":    {128, 4096, 15, 120, false},

	// x2iezn (x86_64, ENI trunking)
	"x2iezn.2xlarge":  {8, 256, 4, 64, false},
	"x2iezn.4xlarge":  {16, 512, 8, 120, false},
	"x2iezn.6xlarge":  {24, 768, 8, 120, false},
	"x2iezn.8xlarge":  {32, 1024, 8, 120, false},
	"x2iezn.12xlarge": {48, 1536, 15, 120, false},
	"x2iezn.metal":    {48, 1536, 15, 120, false},

	// x8g (arm64)
	"x8g.medium":     {1, 16, 2, 0, true},
	"x8g.large":      {2, 32, 3, 0, true},
	"x8g.xlarge":     {4, 64, 4, 0, true},
	"x8g.2xlarge":    {8, 128, 4, 0, true},
	"x8g.4xlarge":    {16, 256, 8, 0, true},
	"x8g.8xlarge":    {32, 512, 8, 0, true},
	"x8g.12xlarge":   {48, 768, 8, 0, true},
	"x8g.16xlarge":   {64, 1024, 15, 0, true},
	"x8g.24xlarge":   {96, 1536, 15, 0, true},
	"x8g.metal-24xl": {96, 1536, 15, 0, true},
	"x8g.48xlarge":   {192, 3072, 15, 0, true},
	"x8g.metal-48xl": {192, 3072, 15, 0, true},

	// x8aedz (x86_64)
	"x8aedz.large":      {2, 64, 4, 0, false},
	"x8aedz.xlarge":     {4, 128, 4, 0, false},
	"x8aedz.3xlarge":    {12, 384, 8, 0, false},
	"x8aedz.6xlarge":    {24, 768, 8, 0, false},
	"x8aedz.12xlarge":   {48, 1536, 16, 0, false},
	"x8aedz.metal-12xl": {48, 1536, 16, 0, false},
	"x8aedz.24xlarge":   {96, 3072, 16, 0, false},
	"x8aedz.metal-24xl": {96, 3072, 16, 0, false},

	// x8i (x86_64)
	"x8i.large":      {2, 32, 3, 0, false},
	"x8i.xlarge":     {4, 64, 4, 0, false},
	"x8i.2xlarge":    {8, 128, 4, 0, false},
	"x8i.4xlarge":    {16, 256, 8, 0, false},
	"x8i.8xlarge":    {32, 512, 10, 0, false},
	"x8i.12xlarge":   {48, 768, 12, 0, false},
	"x8i.16xlarge":   {64, 1024, 16, 0, false},
	"x8i.24xlarge":   {96, 1536, 16, 0, false},
	"x8i.32xlarge":   {128, 2048, 24, 0, false},
	"x8i.48xlarge":   {192, 3072, 24, 0, false},
	"x8i.metal-48xl": {192, 3072, 24, 0, false},
	"x8i.64xlarge":   {256, 4096, 24, 0, false},
	"x8i.96xlarge":   {384, 6144, 24, 0, false},
	"x8i.metal-96xl": {384, 6144, 24, 0, false},

	// z1d (x86_64)
	"z1d.large":    {2, 16, 3, 0, false},
	"z1d.xlarge":   {4, 32, 4, 0, false},
	"z1d.2xlarge":  {8, 64, 4, 0, false},
	"z1d.3xlarge":  {12, 96, 8, 0, false},
	"z1d.6xlarge":  {24, 192, 8, 0, false},
	"z1d.12xlarge": {48, 384, 15, 0, false},
	"z1d.metal":    {48, 384, 15, 0, false},

	// ---- Storage optimized (so.html) ----

	// d2 (x86_64)
	"d2.xlarge":  {4, 30.5, 4, 0, false},
	"d2.2xlarge": {8, 61, 4, 0, false},
	"d2.4xlarge": {16, 122, 8, 0, false},
	"d2.8xlarge": {36, 244, 8, 0, false},

	// d3 (x86_64)
	"d3.xlarge":  {4, 32, 4, 0, false},
	"d3.2xlarge": {8, 64, 4, 0, false},
	"d3.4xlarge": {16, 128, 4, 0, false},
	"d3.8xlarge": {32, 256, 3, 0, false},

	// d3en (x86_64)
	"d3en.xlarge":   {4, 16, 4, 0, false},
	"d3en.2xlarge":  {8, 32, 4, 0, false},
	"d3en.4xlarge":  {16, 64, 4, 0, false},
	"d3en.6xlarge":  {24, 96, 4, 0, false},
	"d3en.8xlarge":  {32, 128, 4, 0, false},
	"d3en.12xlarge": {48, 192, 3, 0, false},

	// h1 (x86_64)
	"h1.2xlarge":  {8, 32, 4, 0, false},
	"h1.4xlarge":  {16, 64, 8, 0, false},
	"h1.8xlarge":  {32, 128, 8, 0, false},
	"h1.16xlarge": {64, 256, 8, 0, false},

	// i3 (x86_64)
	"i3.large":    {2, 15.25, 3, 0, false},
	"i3.xlarge":   {4, 30.5, 4, 0, false},
	"i3.2xlarge":  {8, 61, 4, 0, false},
	"i3.4xlarge":  {16, 122, 8, 0, false},
	"i3.8xlarge":  {32, 244, 8, 0, false},
	"i3.16xlarge": {64, 488, 15, 0, false},
	"i3.metal":    {72, 512, 15, 0, false},

	// i3en (x86_64)
	"i3en.large":    {2, 16, 3, 0, false},
	"i3en.xlarge":   {4, 32, 4, 0, false},
	"i3en.2xlarge":  {8, 64, 4, 0, false},
	"i3en.3xlarge":  {12, 96, 4, 0, false},
	"i3en.6xlarge":  {24, 192, 8, 0, false},
	"i3en.12xlarge": {48, 384, 8, 0, false},
	"i3en.24xlarge": {96, 768, 15, 0, false},
	"i3en.metal":    {96, 768, 15, 0, false},

	// i4g (arm64)
	"i4g.large":    {2, 16, 3, 0, true},
	"i4g.xlarge":   {4, 32, 4, 0, true},
	"i4g.2xlarge":  {8, 64, 4, 0, true},
	"i4g.4xlarge":  {16, 128, 8, 0, true},
	"i4g.8xlarge":  {32, 256, 8, 0, true},
	"i4g.16xlarge": {64, 512, 15, 0, true},

	// i4i (x86_64, ENI trunking)
	"i4i.large":    {2, 16, 3, 0, false},
	"i4i.xlarge":   {4, 32, 4, 8, false},
	"i4i.2xlarge":  {8, 64, 4, 28, false},
	"i4i.4xlarge":  {16, 128, 8, 58, false},
	"i4i.8xlarge":  {32, 256, 8, 118, false},
	"i4i.12xlarge": {48, 384, 8, 0, false},
	"i4i.16xlarge": {64, 512, 15, 248, false},
	"i4i.24xlarge": {96, 768, 15, 0, false},
	"i4i.32xlarge": {128, 1024, 15, 498, false},
	"i4i.metal":    {128, 1024, 15, 498, false},

	// i7i (x86_64)
	"i7i.large":      {2, 16, 3, 0, false},
	"i7i.xlarge":     {4, 32, 4, 0, false},
	"i7i.2xlarge":    {8, 64, 4, 0, false},
	"i7i.4xlarge":    {16, 128, 8, 0, false},
	"i7i.8xlarge":    {32, 256, 8, 0, false},
	"i7i.12xlarge":   {48, 384, 8, 0, false},
	"i7i.16xlarge":   {64, 512, 15, 0, false},
	"i7i.24xlarge":   {96, 768, 15, 0, false},
	"i7i.metal-24xl": {96, 768, 15, 0, false},
	"i7i.48xlarge":   {192, 1536, 15, 0, false},
	"i7i.metal-48xl": {192, 1536, 15, 0, false},

	// i7ie (x86_64)
	"i7ie.large":      {2, 16, 3, 0, false},
	"i7ie.xlarge":     {4, 32, 4, 0, false},
	"i7ie.2xlarge":    {8, 64, 4, 0, false},
	"i7ie.3xlarge":    {12, 96, 4, 0, false},
	"i7ie.6xlarge":    {24, 192, 8, 0, false},
	"i7ie.12xlarge":   {48, 384, 8, 0, false},
	"i7ie.18xlarge":   {72, 576, 15, 0, false},
	"i7ie.24xlarge":   {96, 768, 15, 0, false},
	"i7ie.metal-24xl": {96, 768, 15, 0, false},
	"i7ie.48xlarge":   {192, 1536, 15, 0, false},
	"i7ie.metal-48xl": {192, 1536, 15, 0, false},

	// i8g (arm64)
	"i8g.large":      {2, 16, 3, 0, true},
	"i8g.xlarge":     {4, 32, 4, 0, true},
	"i8g.2xlarge":    {8, 64, 4, 0, true},
	"i8g.4xlarge":    {16, 128, 8, 0, true},
	"i8g.8xlarge":    {32, 256, 8, 0, true},
	"i8g.12xlarge":   {48, 384, 8, 0, true},
	"i8g.16xlarge":   {64, 512, 15, 0, true},
	"i8g.24xlarge":   {96, 768, 15, 0, true},
	"i8g.metal-24xl": {96, 768, 15, 0, true},
	"i8g.48xlarge":   {192, 1536, 15, 0, true},
	"i8g.metal-48xl": {192, 1536, 15, 0, true},

	// i8ge (arm64)
	"i8ge.large":      {2, 16, 3, 0, true},
	"i8ge.xlarge":     {4, 32, 4, 0, true},
	"i8ge.2xlarge":    {8, 64, 4, 0, true},
	"i8ge.3xlarge":    {12, 96, 6, 0, true},
	"i8ge.6xlarge":    {24, 192, 10, 0, true},
	"i8ge.12xlarge":   {48, 384, 12, 0, true},
	"i8ge.18xlarge":   {72, 576, 16, 0, true},
	"i8ge.24xlarge":   {96, 768, 16, 0, true},
	"i8ge.metal-24xl": {96, 768, 16, 0, true},
	"i8ge.48xlarge":   {192, 1536, 24, 0, true},
	"i8ge.metal-48xl": {192, 1536, 24, 0, true},

	// im4gn (arm64, ENI trunking)
	"im4gn.large":    {2, 8, 3, 10, true},
	"im4gn.xlarge":   {4, 16, 4, 20, true},
	"im4gn.2xlarge":  {8, 32, 4, 40, true},
	"im4gn.4xlarge":  {16, 64, 8, 60, true},
	"im4gn.8xlarge":  {32, 128, 8, 60, true},
	"im4gn.16xlarge": {64, 256, 15, 120, true},

	// is4gen (arm64, ENI trunking)
	"is4gen.medium":  {1, 6, 2, 4, true},
	"is4gen.large":   {2, 12, 3, 10, true},
	"is4gen.xlarge":  {4, 24, 4, 20, true},
	"is4gen.2xlarge": {8, 48, 4, 40, true},
	"is4gen.4xlarge": {16, 96, 8, 60, true},
	"is4gen.8xlarge": {32, 192, 8, 60, true},

	// ---- Accelerated computing (ac.html) ----

	// dl1 (x86_64, ENI trunking)
	"dl1.24xlarge": {96, 768, 60, 120, false},

	// dl2q (x86_64)
	"dl2q.24xlarge": {96, 768, 15, 0, false},

	// f2 (x86_64)
	"f2.6xlarge":  {24, 256, 8, 0, false},
	"f2.12xlarge": {48, 512, 8, 0, false},
	"f2.48xlarge": {192, 2048, 15, 0, false},

	// g4ad (x86_64, ENI trunking)
	"g4ad.xlarge":   {4, 16, 2, 12, false},
	"g4ad.2xlarge":  {8, 32, 2, 12, false},
	"g4ad.4xlarge":  {16, 64, 3, 12, false},
	"g4ad.8xlarge":  {32, 128, 4, 12, false},
	"g4ad.16xlarge": {64, 256, 8, 12, false},

	// g4dn (x86_64)
	"g4dn.xlarge":   {4, 16, 3, 0, false},
	"g4dn.2xlarge":  {8, 32, 3, 0, false},
	"g4dn.4xlarge":  {16, 64, 3, 0, false},
	"g4dn.8xlarge":  {32, 128, 4, 0, false},
	"g4dn.12xlarge": {48, 192, 8, 0, false},
	"g4dn.16xlarge": {64, 256, 4, 0, false},
	"g4dn.metal":    {96, 384, 15, 0, false},

	// g5 (x86_64, ENI trunking)
	"g5.xlarge":   {4, 16, 4, 6, false},
	"g5.2xlarge":  {8, 32, 4, 19, false},
	"g5.4xlarge":  {16, 64, 8, 40, false},
	"g5.8xlarge":  {32, 128, 8, 90, false},
	"g5.12xlarge": {48, 192, 15, 120, false},
	"g5.16xlarge": {64, 256, 8, 120, false},
	"g5.24xlarge": {96, 384, 15, 120, false},
	"g5.48xlarge": {192, 768, 7, 120, false},

	// g5g (arm64, ENI trunking)
	"g5g.xlarge":   {4, 8, 4, 20, true},
	"g5g.2xlarge":  {8, 16, 4, 40, true},
	"g5g.4xlarge":  {16, 32, 8, 60, true},
	"g5g.8xlarge":  {32, 64, 8, 60, true},
	"g5g.16xlarge": {64, 128, 15, 120, true},
	"g5g.metal":    {64, 128, 15, 120, true},

	// g6 (x86_64)
	"g6.xlarge":   {4, 16, 4, 0, false},
	"g6.2xlarge":  {8, 32, 4, 0, false},
	"g6.4xlarge":  {16, 64, 8, 0, false},
	"g6.8xlarge":  {32, 128, 8, 0, false},
	"g6.12xlarge": {48, 192, 8, 0, false},
	"g6.16xlarge": {64, 256, 15, 0, false},
	"g6.24xlarge": {96, 384, 15, 0, false},
	"g6.48xlarge": {192, 768, 15, 0, false},

	// g6e (x86_64)
	"g6e.xlarge":   {4, 32, 4, 0, false},
	"g6e.2xlarge":  {8, 64, 4, 0, false},
	"g6e.4xlarge":  {16, 128, 8, 0, false},
	"g6e.8xlarge":  {32, 256, 8, 0, false},
	"g6e.12xlarge": {48, 384, 10, 0, false},
	"g6e.16xlarge": {64, 512, 15, 0, false},
	"g6e.24xlarge": {96, 768, 20, 0, false},
	"g6e.48xlarge": {192, 1536, 40, 0, false},

	// g6f (x86_64)
	"g6f.large":   {2, 8, 2, 0, false},
	"g6f.xlarge":  {4, 16, 4, 0, false},
	"g6f.2xlarge": {8, 32, 4, 0, false},
	"g6f.4xlarge": {16, 64, 8, 0, false},

	// gr6 (x86_64)
	"gr6.4xlarge": {16, 128, 8, 0, false},
	"gr6.8xlarge": {32, 256, 8, 0, false},

	// gr6f (x86_64)
	"gr6f.4xlarge": {16, 128, 8, 0, false},

	// g7 (x86_64)
	"g7.2xlarge":  {8, 32, 4, 0, false},
	"g7.4xlarge":  {16, 64, 8, 0, false},
	"g7.8xlarge":  {32, 128, 10, 0, false},
	"g7.12xlarge": {48, 192, 12, 0, false},
	"g7.24xlarge": {96, 384, 24, 0, false},
	"g7.48xlarge": {192, 768, 24, 0, false},

	// g7e (x86_64)
	"g7e.2xlarge":  {8, 64, 4, 0, false},
	"g7e.4xlarge":  {16, 128, 8, 0, false},
	"g7e.8xlarge":  {32, 256, 8, 0, false},
	"g7e.12xlarge": {48, 512, 10, 0, false},
	"g7e.24xlarge": {96, 1024, 20, 0, false},
	"g7e.48xlarge": {192, 2048, 40, 0, false},

	// inf1 (x86_64)
	"inf1.xlarge":   {4, 8, 4, 0, false},
	"inf1.2xlarge":  {8, 16, 4, 0, false},
	"inf1.6xlarge":  {24, 48, 8, 0, false},
	"inf1.24xlarge": {96, 192, 11, 0, false},

	// inf2 (x86_64, ENI trunking)
	"inf2.xlarge":   {4, 16, 4, 20, false},
	"inf2.8xlarge":  {32, 128, 8, 90, false},
	"inf2.24xlarge": {96, 384, 15, 120, false},
	"inf2.48xlarge": {192, 768, 15, 120, false},

	// p4d (x86_64, ENI trunking)
	"p4d.24xlarge": {96, 1152, 60, 120, false},

	// p4de (x86_64, ENI trunking)
	"p4de.24xlarge": {96, 1152, 60, 120, false},

	// p5 (x86_64)
	"p5.4xlarge":  {16, 256, 4, 0, false},
	"p5.48xlarge": {192, 2048, 64, 0, false},

	// p5e (x86_64)
	"p5e.48xlarge": {192, 2048, 64, 0, false},

	// p5en (x86_64)
	"p5en.48xlarge": {192, 2048, 64, 0, false},

	// p6-b200 (x86_64)
	"p6-b200.48xlarge": {192, 2048, 32, 0, false},

	// p6-b300 (x86_64)
	"p6-b300.48xlarge": {192, 4096, 68, 0, false},

	// trn1 (x86_64, ENI trunking)
	"trn1.2xlarge":  {8, 32, 4, 19, false},
	"trn1.32xlarge": {128, 512, 40, 120, false},

	// trn1n (x86_64, ENI trunking)
	"trn1n.32xlarge": {128, 512, 80, 242, false},

	// trn2 (x86_64)
	"trn2.3xlarge":  {12, 128, 2, 0, false},
	"trn2.48xlarge": {192, 2048, 32, 0, false},

	// vt1 (x86_64, ENI trunking)
	"vt1.3xlarge":  {12, 24, 4, 40, false},
	"vt1.6xlarge":  {24, 48, 8, 60, false},
	"vt1.24xlarge": {96, 192, 15, 120, false},

	// ---- High-performance computing (hpc.html) ----

	// hpc6a (x86_64, ENI trunking)
	"hpc6a.48xlarge": {96, 384, 2, 120, false},

	// hpc6id (x86_64, ENI trunking)
	"hpc6id.32xlarge": {64, 1024, 2, 120, false},

	// hpc7a (x86_64)
	"hpc7a.12xlarge": {24, 768, 4, 0, false},
	"hpc7a.24xlarge": {48, 768, 4, 0, false},
	"hpc7a.48xlarge": {96, 768, 4, 0, false},
	"hpc7a.96xlarge": {192, 768, 4, 0, false},

	// hpc7g (arm64)
	"hpc7g.4xlarge":  {16, 128, 4, 0, true},
	"hpc7g.8xlarge":  {32, 128, 4, 0, true},
	"hpc7g.16xlarge": {64, 128, 4, 0, true},

	// hpc8a (x86_64)
	"hpc8a.96xlarge": {192, 768, 4, 0, false},

	// ---- Previous generation (pg.html) ----

	// a1 (arm64, ENI trunking)
	"a1.medium":  {1, 2, 2, 10, true},
	"a1.large":   {2, 4, 3, 10, true},
	"a1.xlarge":  {4, 8, 4, 20, true},
	"a1.2xlarge": {8, 16, 4, 40, true},
	"a1.4xlarge": {16, 32, 8, 60, true},
	"a1.metal":   {16, 32, 8, 0, true},

	// c3 (x86_64)
	"c3.large":   {2, 3.75, 3, 0, false},
	"c3.xlarge":  {4, 7.5, 4, 0, false},
	"c3.2xlarge": {8, 15, 4, 0, false},
	"c3.4xlarge": {16, 30, 8, 0, false},
	"c3.8xlarge": {32, 60, 8, 0, false},

	// c4 (x86_64)
	"c4.large":   {2, 3.75, 3, 0, false},
	"c4.xlarge":  {4, 7.5, 4, 0, false},
	"c4.2xlarge": {8, 15, 4, 0, false},
	"c4.4xlarge": {16, 30, 8, 0, false},
	"c4.8xlarge": {36, 60, 8, 0, false},

	// g3 (x86_64)
	"g3.4xlarge":  {16, 122, 8, 0, false},
	"g3.8xlarge":  {32, 244, 8, 0, false},
	"g3.16xlarge": {64, 488, 15, 0, false},

	// i2 (x86_64)
	"i2.xlarge":  {4, 30.5, 4, 0, false},
	"i2.2xlarge": {8, 61, 4, 0, false},
	"i2.4xlarge": {16, 122, 8, 0, false},
	"i2.8xlarge": {32, 244, 8, 0, false},

	// m3 (x86_64)
	"m3.medium":  {1, 3.75, 2, 0, false},
	"m3.large":   {2, 7.5, 3, 0, false},
	"m3.xlarge":  {4, 15, 4, 0, false},
	"m3.2xlarge": {8, 30, 4, 0, false},

	// m4 (x86_64)
	"m4.large":    {2, 8, 2, 0, false},
	"m4.xlarge":   {4, 16, 4, 0, false},
	"m4.2xlarge":  {8, 32, 4, 0, false},
	"m4.4xlarge":  {16, 64, 8, 0, false},
	"m4.10xlarge": {40, 160, 8, 0, false},
	"m4.16xlarge": {64, 256, 8, 0, false},

	// p3 (x86_64, ENI trunking)
	"p3.2xlarge":  {8, 61, 4, 40, false},
	"p3.8xlarge":  {32, 244, 8, 60, false},
	"p3.16xlarge": {64, 488, 8, 120, false},

	// p3dn (x86_64)
	"p3dn.24xlarge": {96, 768, 15, 0, false},

	// r3 (x86_64)
	"r3.large":   {2, 15, 3, 0, false},
	"r3.xlarge":  {4, 30.5, 4, 0, false},
	"r3.2xlarge": {8, 61, 4, 0, false},
	"r3.4xlarge": {16, 122, 8, 0, false},
	"r3.8xlarge": {32, 244, 8, 0, false},

	// r4 (x86_64)
	"r4.large":    {2, 15.25, 3, 0, false},
	"r4.xlarge":   {4, 30.5, 4, 0, false},
	"r4.2xlarge":  {8, 61, 4, 0, false},
	"r4.4xlarge":  {16, 122, 8, 0, false},
	"r4.8xlarge":  {32, 244, 8, 0, false},
	"r4.16xlarge": {64, 488, 15, 0, false},
}
